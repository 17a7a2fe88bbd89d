namespace SmartCardFleet.Abstractions.Apdu;

/// <summary>Byte layout of command APDUs (ISO/IEC 7816-3 section 12.1, 7816-4 section 5.1).</summary>
internal static class ApduCodec
{
    public static byte[] Encode(CommandApdu apdu)
    {
        var nc = apdu.Data.Length;
        var ne = apdu.Ne;
        var extended = apdu.IsExtended;
        var lcLength = nc == 0 ? 0 : extended ? 3 : 1;
        // In extended case 4 the leading 00 belongs to Lc, so Le is two bytes; in case 2E Le has the 00 itself.
        var leLength = ne == 0 ? 0 : !extended ? 1 : nc == 0 ? 3 : 2;
        var bytes = new byte[4 + lcLength + nc + leLength];
        bytes[0] = apdu.Cla;
        bytes[1] = apdu.Ins;
        bytes[2] = apdu.P1;
        bytes[3] = apdu.P2;
        var at = 4;
        if (nc > 0)
        {
            if (extended)
            {
                bytes[at++] = 0x00;
                bytes[at++] = (byte)(nc >> 8);
            }

            bytes[at++] = (byte)nc;
            apdu.Data.Span.CopyTo(bytes.AsSpan(at));
            at += nc;
        }

        if (ne > 0)
        {
            if (extended)
            {
                if (nc == 0)
                {
                    bytes[at++] = 0x00;
                }

                bytes[at++] = ne == 65536 ? (byte)0 : (byte)(ne >> 8);
            }

            bytes[at] = (byte)ne; // 256 → 00, 65536 → 00 00
        }

        return bytes;
    }

    public static CommandApdu Decode(ReadOnlySpan<byte> b)
    {
        if (b.Length < 4)
        {
            throw new FormatException($"A command APDU needs at least the 4 header bytes CLA INS P1 P2; got {b.Length} byte(s).");
        }

        if (b.Length > CommandApdu.MaxEncodedLength)
        {
            throw new FormatException(
                $"A command APDU is at most {CommandApdu.MaxEncodedLength} bytes long; got {b.Length}.");
        }

        var header = new CommandApdu(b[0], b[1], b[2], b[3]);
        if (b.Length == 4)
        {
            return header;
        }

        if (b.Length == 5)
        {
            return header with { Ne = ShortNe(b[4]) };
        }

        if (b[4] != 0)
        {
            var nc = b[4];
            if (b.Length == 5 + nc)
            {
                return header with { Data = b.Slice(5, nc).ToArray() };
            }

            if (b.Length == 6 + nc)
            {
                return header with { Data = b.Slice(5, nc).ToArray(), Ne = ShortNe(b[^1]) };
            }

            throw new FormatException(
                $"Short Lc says {nc} data bytes, so the APDU must be {5 + nc} (case 3) or {6 + nc} (case 4) bytes long; got {b.Length}.");
        }

        if (b.Length == 7)
        {
            return header with { Ne = ExtendedNe(b[5], b[6]), ForceExtended = true };
        }

        if (b.Length < 7)
        {
            throw new FormatException(
                $"Byte 5 is 00, which starts an extended length field of 3 bytes, but the APDU is only {b.Length} bytes long.");
        }

        var extendedNc = (b[5] << 8) | b[6];
        if (extendedNc == 0)
        {
            throw new FormatException(
                $"Extended Lc is 00 00, which is not allowed; a {b.Length}-byte APDU with byte 5 = 00 is malformed.");
        }

        if (b.Length == 7 + extendedNc)
        {
            return header with { Data = b.Slice(7, extendedNc).ToArray(), ForceExtended = true };
        }

        if (b.Length == 9 + extendedNc)
        {
            return header with
            {
                Data = b.Slice(7, extendedNc).ToArray(),
                Ne = ExtendedNe(b[^2], b[^1]),
                ForceExtended = true,
            };
        }

        throw new FormatException(
            $"Extended Lc says {extendedNc} data bytes, so the APDU must be {7 + extendedNc} (case 3E) or {9 + extendedNc} (case 4E) bytes long; got {b.Length}.");
    }

    private static int ShortNe(byte le) => le == 0 ? 256 : le;

    private static int ExtendedNe(byte high, byte low)
    {
        var value = (high << 8) | low;
        return value == 0 ? 65536 : value;
    }
}
