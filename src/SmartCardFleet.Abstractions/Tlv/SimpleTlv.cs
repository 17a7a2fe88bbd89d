namespace SmartCardFleet.Abstractions.Tlv;

/// <summary>
/// One SIMPLE-TLV data object (ISO/IEC 7816-4 section 5.2.1): a one-byte tag 01–FE and a length of one byte
/// (0–254) or FF followed by two bytes (0–65535).
/// </summary>
/// <param name="Tag">The tag, 01 to FE.</param>
/// <param name="Value">The value bytes.</param>
public sealed record SimpleTlv(byte Tag, ReadOnlyMemory<byte> Value)
{
    /// <summary>Encodes tag, length and value.</summary>
    /// <returns>The encoded object.</returns>
    /// <exception cref="ArgumentException">The tag is 00 or FF, or the value is longer than 65535 bytes.</exception>
    public byte[] Encode()
    {
        if (Tag is 0x00 or 0xFF)
        {
            throw new ArgumentException($"SIMPLE-TLV tag {Tag:X2} is invalid; tags are 01 to FE.", nameof(Tag));
        }

        var n = Value.Length;
        byte[] length = n switch
        {
            < 0xFF => [(byte)n],
            <= 0xFFFF => [0xFF, (byte)(n >> 8), (byte)n],
            _ => throw new ArgumentException($"SIMPLE-TLV values are at most 65535 bytes; got {n}.", nameof(Value)),
        };
        return [Tag, .. length, .. Value.Span];
    }

    /// <summary>Compares tag and value bytes by content.</summary>
    /// <param name="other">The other object.</param>
    /// <returns>True when equal.</returns>
    public bool Equals(SimpleTlv? other) => other is not null && Tag == other.Tag && Value.Span.SequenceEqual(other.Value.Span);

    /// <summary>Hash over tag and value bytes.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Tag);
        hash.AddBytes(Value.Span);
        return hash.ToHashCode();
    }

    /// <summary>Parses a sequence of SIMPLE-TLV objects.</summary>
    /// <param name="data">The encoded objects.</param>
    /// <returns>The objects in order.</returns>
    /// <exception cref="FormatException">The data is truncated or uses tag 00/FF (the message names the offset).</exception>
    public static IReadOnlyList<SimpleTlv> ParseAll(ReadOnlyMemory<byte> data)
    {
        var result = new List<SimpleTlv>();
        var span = data.Span;
        var at = 0;
        while (at < span.Length)
        {
            var start = at;
            var tag = span[at++];
            if (tag is 0x00 or 0xFF)
            {
                throw new FormatException($"SIMPLE-TLV tag {tag:X2} at offset {start} is invalid; tags are 01 to FE.");
            }

            if (at >= span.Length)
            {
                throw new FormatException($"Truncated SIMPLE-TLV: tag {tag:X2} at offset {start} has no length.");
            }

            int length = span[at++];
            if (length == 0xFF)
            {
                if (span.Length - at < 2)
                {
                    throw new FormatException($"Truncated SIMPLE-TLV: the three-byte length of tag {tag:X2} at offset {start} is cut off.");
                }

                length = (span[at] << 8) | span[at + 1];
                at += 2;
            }

            if (span.Length - at < length)
            {
                throw new FormatException(
                    $"Truncated SIMPLE-TLV: tag {tag:X2} at offset {start} announces {length} value bytes but only {span.Length - at} remain.");
            }

            result.Add(new SimpleTlv(tag, data.Slice(at, length)));
            at += length;
        }

        return result;
    }
}
