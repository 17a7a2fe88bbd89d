namespace SmartCardFleet.Abstractions.Tlv;

/// <summary>
/// One BER-TLV data object as used by ISO/IEC 7816-4 (section 5.2.2 / ISO 8825-1): a tag of up to 4 bytes, a
/// definite length and either a primitive value or nested constructed children.
/// </summary>
/// <remarks>
/// Tags are kept as their encoded bytes packed big-endian into a <see cref="uint"/>, so <c>0x5F2D</c> is the
/// two-byte tag 5F 2D and <c>0x7F49</c> the constructed tag 7F 49. Read with <see cref="BerTlvReader"/>, build with
/// <see cref="Primitive"/> / <see cref="Constructed"/> and <see cref="Encode"/>.
/// </remarks>
public sealed class BerTlv
{
    private readonly ReadOnlyMemory<byte> _value;

    private BerTlv(uint tag, ReadOnlyMemory<byte> value, IReadOnlyList<BerTlv> children)
    {
        Tag = tag;
        _value = value;
        Children = children;
    }

    /// <summary>The tag, its encoded bytes packed big-endian (for example 0x9F7F).</summary>
    public uint Tag { get; }

    /// <summary>True when bit 6 of the first tag byte is set: the value is a sequence of data objects.</summary>
    public bool IsConstructed => BerTlvTag.IsConstructed(Tag);

    /// <summary>The value field bytes (for constructed objects, the encoded children).</summary>
    public ReadOnlyMemory<byte> Value => _value;

    /// <summary>The nested objects of a constructed object; empty for primitives.</summary>
    public IReadOnlyList<BerTlv> Children { get; }

    /// <summary>Creates a primitive data object.</summary>
    /// <param name="tag">The tag (must have the constructed bit clear).</param>
    /// <param name="value">The value bytes (copied).</param>
    /// <returns>The object.</returns>
    /// <exception cref="ArgumentException">The tag is not a valid primitive BER tag.</exception>
    public static BerTlv Primitive(uint tag, ReadOnlySpan<byte> value)
    {
        BerTlvTag.Validate(tag, nameof(tag));
        if (BerTlvTag.IsConstructed(tag))
        {
            throw new ArgumentException($"Tag {tag:X} has the constructed bit (0x20 in the first byte) set; use Constructed.", nameof(tag));
        }

        return new BerTlv(tag, value.ToArray(), []);
    }

    /// <summary>Creates a constructed data object from children.</summary>
    /// <param name="tag">The tag (must have the constructed bit set).</param>
    /// <param name="children">The nested objects, in order.</param>
    /// <returns>The object.</returns>
    /// <exception cref="ArgumentException">The tag is not a valid constructed BER tag.</exception>
    public static BerTlv Constructed(uint tag, params IEnumerable<BerTlv> children)
    {
        BerTlvTag.Validate(tag, nameof(tag));
        if (!BerTlvTag.IsConstructed(tag))
        {
            throw new ArgumentException($"Tag {tag:X} has the constructed bit (0x20 in the first byte) clear; use Primitive.", nameof(tag));
        }

        var list = children.ToList();
        var writer = new BerTlvWriter();
        foreach (var child in list)
        {
            writer.Write(child);
        }

        return new BerTlv(tag, writer.ToArray(), list);
    }

    internal static BerTlv FromParsed(uint tag, ReadOnlyMemory<byte> value, IReadOnlyList<BerTlv> children) =>
        new(tag, value, children);

    /// <summary>Encodes tag, length and value.</summary>
    /// <returns>The encoded object.</returns>
    public byte[] Encode()
    {
        var writer = new BerTlvWriter();
        writer.Write(this);
        return writer.ToArray();
    }

    /// <summary>Depth-first search of this object and its descendants for the first object with the tag.</summary>
    /// <param name="tag">The tag to find.</param>
    /// <returns>The object, or null.</returns>
    public BerTlv? Find(uint tag) => Tag == tag ? this : Find(Children, tag);

    /// <summary>Depth-first search of a list of objects and their descendants.</summary>
    /// <param name="objects">The objects to search.</param>
    /// <param name="tag">The tag to find.</param>
    /// <returns>The first object with the tag, or null.</returns>
    public static BerTlv? Find(IEnumerable<BerTlv> objects, uint tag)
    {
        ArgumentNullException.ThrowIfNull(objects);
        foreach (var tlv in objects)
        {
            if (tlv.Find(tag) is { } hit)
            {
                return hit;
            }
        }

        return null;
    }

    /// <summary>All objects with the tag among this object and its descendants, depth first.</summary>
    /// <param name="tag">The tag to find.</param>
    /// <returns>The matches in document order.</returns>
    public IEnumerable<BerTlv> FindAll(uint tag)
    {
        if (Tag == tag)
        {
            yield return this;
        }

        foreach (var hit in Children.SelectMany(c => c.FindAll(tag)))
        {
            yield return hit;
        }
    }

    /// <summary>Tag, length and, for primitives, value in hex; for example <c>5F2D [2] 656E</c>.</summary>
    /// <returns>A short description (use only for non-secret data).</returns>
    public override string ToString() =>
        IsConstructed
            ? $"{BerTlvTag.Format(Tag)} [{Value.Length}] {{{Children.Count} children}}"
            : $"{BerTlvTag.Format(Tag)} [{Value.Length}] {Hex.Format(Value.Span)}";
}
