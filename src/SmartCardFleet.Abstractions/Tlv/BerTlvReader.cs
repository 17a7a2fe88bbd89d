namespace SmartCardFleet.Abstractions.Tlv;

/// <summary>
/// Parses BER-TLV data (definite lengths, tags up to 4 bytes). Constructed objects are parsed recursively;
/// 00 and FF bytes between objects are skipped as ISO/IEC 7816-4 padding.
/// </summary>
public static class BerTlvReader
{
    private const int MaxDepth = 32;

    /// <summary>Parses a sequence of data objects.</summary>
    /// <param name="data">The encoded objects.</param>
    /// <returns>The top-level objects in order.</returns>
    /// <exception cref="FormatException">The data is truncated or malformed (the message names the offset).</exception>
    public static IReadOnlyList<BerTlv> ParseAll(ReadOnlyMemory<byte> data) => ParseAll(data, 0, 0);

    /// <summary>Parses exactly one data object (padding around it is allowed).</summary>
    /// <param name="data">The encoded object.</param>
    /// <returns>The object.</returns>
    /// <exception cref="FormatException">The data is malformed or holds not exactly one object.</exception>
    public static BerTlv Parse(ReadOnlyMemory<byte> data)
    {
        var all = ParseAll(data);
        return all.Count == 1
            ? all[0]
            : throw new FormatException($"Expected exactly one BER-TLV data object; found {all.Count}.");
    }

    /// <summary>Parses a sequence of data objects and finds the first with the tag at any depth.</summary>
    /// <param name="data">The encoded objects.</param>
    /// <param name="tag">The packed tag.</param>
    /// <returns>The object, or null when absent.</returns>
    /// <exception cref="FormatException">The data is malformed.</exception>
    public static BerTlv? Find(ReadOnlyMemory<byte> data, uint tag) => BerTlv.Find(ParseAll(data), tag);

    private static List<BerTlv> ParseAll(ReadOnlyMemory<byte> data, int baseOffset, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new FormatException($"BER-TLV nesting deeper than {MaxDepth} levels at offset {baseOffset}.");
        }

        var result = new List<BerTlv>();
        var span = data.Span;
        var at = 0;
        while (at < span.Length)
        {
            if (span[at] is 0x00 or 0xFF)
            {
                at++;
                continue;
            }

            var start = at;
            var tag = ReadTag(span, ref at, baseOffset);
            var length = ReadLength(span, ref at, baseOffset, tag);
            if (length > span.Length - at)
            {
                throw new FormatException(
                    $"Truncated BER-TLV: tag {BerTlvTag.Format(tag)} at offset {baseOffset + start} announces {length} value bytes but only {span.Length - at} remain.");
            }

            var value = data.Slice(at, length);
            var children = BerTlvTag.IsConstructed(tag) ? ParseAll(value, baseOffset + at, depth + 1) : [];
            result.Add(BerTlv.FromParsed(tag, value, children));
            at += length;
        }

        return result;
    }

    private static uint ReadTag(ReadOnlySpan<byte> span, ref int at, int baseOffset)
    {
        var start = at;
        uint tag = span[at++];
        if ((tag & 0x1F) != 0x1F)
        {
            return tag;
        }

        while (true)
        {
            if (at >= span.Length)
            {
                throw new FormatException($"Truncated BER-TLV: the multi-byte tag starting at offset {baseOffset + start} is cut off.");
            }

            if (at - start >= 4)
            {
                throw new FormatException($"BER-TLV tag at offset {baseOffset + start} is longer than 4 bytes; not supported.");
            }

            var b = span[at++];
            tag = (tag << 8) | b;
            if ((b & 0x80) == 0)
            {
                return tag;
            }
        }
    }

    private static int ReadLength(ReadOnlySpan<byte> span, ref int at, int baseOffset, uint tag)
    {
        if (at >= span.Length)
        {
            throw new FormatException($"Truncated BER-TLV: tag {BerTlvTag.Format(tag)} has no length byte at offset {baseOffset + at}.");
        }

        var first = span[at++];
        if (first < 0x80)
        {
            return first;
        }

        var count = first & 0x7F;
        if (count == 0)
        {
            throw new FormatException($"BER-TLV tag {BerTlvTag.Format(tag)} at offset {baseOffset + at - 1} uses the indefinite length 80, which ISO 7816-4 does not allow.");
        }

        if (count > 3)
        {
            throw new FormatException($"BER-TLV length of tag {BerTlvTag.Format(tag)} at offset {baseOffset + at - 1} has {count} length bytes; at most 3 (16 MiB) are supported.");
        }

        if (span.Length - at < count)
        {
            throw new FormatException($"Truncated BER-TLV: the {count}-byte length of tag {BerTlvTag.Format(tag)} at offset {baseOffset + at - 1} is cut off.");
        }

        var length = 0;
        for (var i = 0; i < count; i++)
        {
            length = (length << 8) | span[at++];
        }

        return length;
    }
}
