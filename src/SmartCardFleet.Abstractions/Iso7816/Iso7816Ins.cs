namespace SmartCardFleet.Abstractions.Iso7816;

/// <summary>Interindustry instruction bytes of ISO/IEC 7816-4 used by <see cref="Iso7816Builder"/>.</summary>
public static class Iso7816Ins
{
    /// <summary>ERASE BINARY.</summary>
    public const byte EraseBinary = 0x0E;

    /// <summary>VERIFY.</summary>
    public const byte Verify = 0x20;

    /// <summary>CHANGE REFERENCE DATA.</summary>
    public const byte ChangeReferenceData = 0x24;

    /// <summary>RESET RETRY COUNTER.</summary>
    public const byte ResetRetryCounter = 0x2C;

    /// <summary>MANAGE CHANNEL.</summary>
    public const byte ManageChannel = 0x70;

    /// <summary>EXTERNAL AUTHENTICATE.</summary>
    public const byte ExternalAuthenticate = 0x82;

    /// <summary>GET CHALLENGE.</summary>
    public const byte GetChallenge = 0x84;

    /// <summary>INTERNAL AUTHENTICATE.</summary>
    public const byte InternalAuthenticate = 0x88;

    /// <summary>SELECT.</summary>
    public const byte Select = 0xA4;

    /// <summary>READ BINARY.</summary>
    public const byte ReadBinary = 0xB0;

    /// <summary>READ RECORD(S).</summary>
    public const byte ReadRecord = 0xB2;

    /// <summary>GET RESPONSE.</summary>
    public const byte GetResponse = 0xC0;

    /// <summary>GET DATA.</summary>
    public const byte GetData = 0xCA;

    /// <summary>WRITE BINARY.</summary>
    public const byte WriteBinary = 0xD0;

    /// <summary>WRITE RECORD.</summary>
    public const byte WriteRecord = 0xD2;

    /// <summary>UPDATE BINARY.</summary>
    public const byte UpdateBinary = 0xD6;

    /// <summary>PUT DATA.</summary>
    public const byte PutData = 0xDA;

    /// <summary>UPDATE RECORD.</summary>
    public const byte UpdateRecord = 0xDC;

    /// <summary>APPEND RECORD.</summary>
    public const byte AppendRecord = 0xE2;
}
