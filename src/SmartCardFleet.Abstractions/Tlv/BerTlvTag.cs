namespace SmartCardFleet.Abstractions.Tlv;

/// <summary>BER tag helpers: tags are their encoded bytes packed big-endian into a <see cref="uint"/>.</summary>
public static class BerTlvTag
{
    /// <summary>The number of encoded bytes of a tag (1–4).</summary>
    /// <param name="tag">The packed tag.</param>
    /// <returns>The byte count.</returns>
    public static int ByteCount(uint tag) => tag switch
    {
        <= 0xFF => 1,
        <= 0xFFFF => 2,
        <= 0xFFFFFF => 3,
        _ => 4,
    };

    /// <summary>The first encoded byte of the tag (class, constructed bit, tag number or 1F).</summary>
    /// <param name="tag">The packed tag.</param>
    /// <returns>The first byte.</returns>
    public static byte FirstByte(uint tag) => (byte)(tag >> (8 * (ByteCount(tag) - 1)));

    /// <summary>Whether the constructed bit (0x20 of the first byte) is set.</summary>
    /// <param name="tag">The packed tag.</param>
    /// <returns>True for constructed tags.</returns>
    public static bool IsConstructed(uint tag) => (FirstByte(tag) & 0x20) != 0;

    /// <summary>Formats the tag as upper-case hex of its encoded bytes, for example <c>5F2D</c>.</summary>
    /// <param name="tag">The packed tag.</param>
    /// <returns>The hex text.</returns>
    public static string Format(uint tag) => Hex.Format(ToBytes(tag));

    /// <summary>The encoded bytes of the tag.</summary>
    /// <param name="tag">The packed tag.</param>
    /// <returns>1 to 4 bytes.</returns>
    public static byte[] ToBytes(uint tag)
    {
        var count = ByteCount(tag);
        var bytes = new byte[count];
        for (var i = 0; i < count; i++)
        {
            bytes[i] = (byte)(tag >> (8 * (count - 1 - i)));
        }

        return bytes;
    }

    /// <summary>Checks that the packed value is a well-formed BER tag.</summary>
    /// <param name="tag">The packed tag.</param>
    /// <param name="paramName">The argument name for the exception.</param>
    /// <exception cref="ArgumentException">The tag is malformed (the message says how).</exception>
    public static void Validate(uint tag, string paramName)
    {
        var bytes = ToBytes(tag);
        if (bytes[0] is 0x00 or 0xFF)
        {
            throw new ArgumentException($"Tag {Format(tag)}: a first byte of 00 or FF is padding in ISO 7816-4, not a tag.", paramName);
        }

        var multiByte = (bytes[0] & 0x1F) == 0x1F;
        if (!multiByte && bytes.Length > 1)
        {
            throw new ArgumentException($"Tag {Format(tag)}: the first byte's low five bits are not 1F, so the tag must be one byte.", paramName);
        }

        if (multiByte && bytes.Length == 1)
        {
            throw new ArgumentException($"Tag {Format(tag)}: low five bits 1F announce subsequent tag bytes, but there are none.", paramName);
        }

        for (var i = 1; i < bytes.Length; i++)
        {
            var last = i == bytes.Length - 1;
            if (((bytes[i] & 0x80) != 0) == last)
            {
                throw new ArgumentException(
                    $"Tag {Format(tag)}: subsequent tag bytes must have bit 8 set except the last, which must have it clear.", paramName);
            }
        }
    }
}
