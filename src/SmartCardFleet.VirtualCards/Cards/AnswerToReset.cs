namespace SmartCardFleet.VirtualCards.Cards;

/// <summary>ATR helpers: the check byte TCK and the PC/SC part 3 ATR of contactless cards.</summary>
public static class AnswerToReset
{
    /// <summary>Appends TCK so that the XOR of T0 … TCK is zero (TS is not part of the check).</summary>
    public static byte[] WithCheckByte(ReadOnlySpan<byte> atrWithoutTck)
    {
        if (atrWithoutTck.Length < 2)
        {
            throw new ArgumentException("An ATR needs at least TS and T0.", nameof(atrWithoutTck));
        }

        var atr = new byte[atrWithoutTck.Length + 1];
        atrWithoutTck.CopyTo(atr);
        atr[^1] = Xor(atrWithoutTck[1..]);
        return atr;
    }

    /// <summary>True when the XOR of T0 … TCK is zero.</summary>
    public static bool HasValidCheckByte(ReadOnlySpan<byte> atr) => atr.Length >= 3 && Xor(atr[1..]) == 0;

    /// <summary>
    /// The ATR a PC/SC part 3 reader builds for a storage card: 3B 8F 80 01 80 4F 0C, RID A0 00 00 03 06,
    /// standard <paramref name="standard"/> (03 = ISO 14443 A part 3), card name, four RFU bytes, TCK.
    /// </summary>
    public static byte[] Part3StorageCard(byte standard, ushort cardName) => WithCheckByte(
    [
        0x3B, 0x8F, 0x80, 0x01, 0x80, 0x4F, 0x0C, 0xA0, 0x00, 0x00, 0x03, 0x06,
        standard, (byte)(cardName >> 8), (byte)cardName, 0x00, 0x00, 0x00, 0x00,
    ]);

    /// <summary>
    /// The ATR a PC/SC part 3 reader builds for an ISO 14443-4 card: 3B 8n 80 01, the ATS historical bytes, TCK.
    /// </summary>
    public static byte[] Part3Iso14443Part4(ReadOnlySpan<byte> historicalBytes)
    {
        if (historicalBytes.Length > 15)
        {
            throw new ArgumentException("At most 15 historical bytes.", nameof(historicalBytes));
        }

        byte[] head = [0x3B, (byte)(0x80 | historicalBytes.Length), 0x80, 0x01];
        return WithCheckByte([.. head, .. historicalBytes]);
    }

    private static byte Xor(ReadOnlySpan<byte> bytes)
    {
        byte x = 0;
        foreach (var b in bytes)
        {
            x ^= b;
        }

        return x;
    }
}
