namespace SmartCardFleet.VirtualCards.Cards;

/// <summary>The ISO 7816-4 status words the emulated cards answer with.</summary>
public static class StatusWords
{
    public const ushort Success = 0x9000;
    public const ushort EndOfFileReached = 0x6282;
    public const ushort OperationFailed = 0x6300;
    public const ushort WrongLength = 0x6700;
    public const ushort IncompatibleFileStructure = 0x6981;
    public const ushort SecurityStatusNotSatisfied = 0x6982;
    public const ushort AuthenticationMethodBlocked = 0x6983;
    public const ushort ConditionsOfUseNotSatisfied = 0x6985;
    public const ushort CommandNotAllowedNoCurrentEf = 0x6986;
    public const ushort IncorrectData = 0x6A80;
    public const ushort FunctionNotSupported = 0x6A81;
    public const ushort FileNotFound = 0x6A82;
    public const ushort RecordNotFound = 0x6A83;
    public const ushort NotEnoughMemory = 0x6A84;
    public const ushort IncorrectP1P2 = 0x6A86;
    public const ushort ReferencedDataNotFound = 0x6A88;
    public const ushort WrongP1P2 = 0x6B00;
    public const ushort InstructionNotSupported = 0x6D00;
    public const ushort ClassNotSupported = 0x6E00;
    public const ushort NoPreciseDiagnosis = 0x6F00;

    /// <summary>61xx: xx more bytes are waiting for GET RESPONSE (00 = 256 or more).</summary>
    public static ushort BytesAvailable(int count) => (ushort)(0x6100 | (count >= 256 ? 0 : count));

    /// <summary>6Cxx: wrong Le, the exact length is xx.</summary>
    public static ushort WrongLe(int exactLength) => (ushort)(0x6C00 | (exactLength & 0xFF));

    /// <summary>63Cx: verification failed or queried, x tries left.</summary>
    public static ushort TriesLeft(int tries) => (ushort)(0x63C0 | Math.Clamp(tries, 0, 15));

    /// <summary>A response APDU of only a status word.</summary>
    public static byte[] Only(ushort statusWord) => [(byte)(statusWord >> 8), (byte)statusWord];

    /// <summary>A response APDU of data followed by a status word.</summary>
    public static byte[] WithData(ReadOnlySpan<byte> data, ushort statusWord = Success)
    {
        var response = new byte[data.Length + 2];
        data.CopyTo(response);
        response[^2] = (byte)(statusWord >> 8);
        response[^1] = (byte)statusWord;
        return response;
    }

    /// <summary>The status word at the end of a response APDU.</summary>
    public static ushort Of(ReadOnlySpan<byte> response) =>
        response.Length < 2 ? (ushort)0 : (ushort)((response[^2] << 8) | response[^1]);
}
