namespace SmartCardFleet.VirtualCards.Cards.OpenPgp;

/// <summary>BER-TLV encoding of the OpenPGP card data objects (OpenPGP Card specification 3.4, public).</summary>
internal static class OpenPgpDataObjects
{
    /// <summary>Extended capabilities (C0): GET CHALLENGE, key import, PW status changeable, private DOs,
    /// algorithm attributes changeable; max challenge/cert/special DO lengths.</summary>
    public static readonly byte[] ExtendedCapabilities = [0x7D, 0x00, 0x0B, 0xFE, 0x08, 0x00, 0x00, 0xFF, 0x00, 0x00];

    /// <summary>RSA 2048, 32-bit public exponent, standard import format.</summary>
    public static readonly byte[] Rsa2048Attributes = [0x01, 0x08, 0x00, 0x00, 0x20, 0x00];

    public static byte[] Tlv(ushort tag, ReadOnlySpan<byte> value)
    {
        byte[] tagBytes = tag > 0xFF ? [(byte)(tag >> 8), (byte)tag] : [(byte)tag];
        byte[] length = value.Length switch
        {
            < 0x80 => [(byte)value.Length],
            <= 0xFF => [0x81, (byte)value.Length],
            _ => [0x82, (byte)(value.Length >> 8), (byte)value.Length],
        };
        return [.. tagBytes, .. length, .. value];
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
