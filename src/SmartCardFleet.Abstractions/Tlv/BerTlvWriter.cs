namespace SmartCardFleet.Abstractions.Tlv;

/// <summary>Appends BER-TLV data objects to a buffer using the shortest definite length form.</summary>
public sealed class BerTlvWriter
{
    private readonly List<byte> _buffer = [];

    /// <summary>The number of bytes written so far.</summary>
    public int Length => _buffer.Count;

    /// <summary>Appends a data object (constructed objects write their children).</summary>
    /// <param name="tlv">The object.</param>
    /// <returns>This writer.</returns>
    public BerTlvWriter Write(BerTlv tlv)
    {
        ArgumentNullException.ThrowIfNull(tlv);
        return WriteRaw(tlv.Tag, tlv.Value.Span);
    }

    /// <summary>Appends a primitive data object.</summary>
    /// <param name="tag">The packed tag.</param>
    /// <param name="value">The value bytes.</param>
    /// <returns>This writer.</returns>
    /// <exception cref="ArgumentException">The tag is malformed.</exception>
    public BerTlvWriter Write(uint tag, ReadOnlySpan<byte> value)
    {
        BerTlvTag.Validate(tag, nameof(tag));
        return WriteRaw(tag, value);
    }

    /// <summary>The bytes written so far.</summary>
    /// <returns>A copy of the buffer.</returns>
    public byte[] ToArray() => [.. _buffer];

    /// <summary>Encodes a BER definite length: one byte below 128, else 81–83 followed by 1–3 bytes.</summary>
    /// <param name="length">The length, 0 to 16777215.</param>
    /// <returns>The length field.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The length is negative or too large.</exception>
    public static byte[] EncodeLength(int length) => length switch
    {
        < 0 or > 0xFFFFFF => throw new ArgumentOutOfRangeException(nameof(length), length, "BER-TLV lengths must be between 0 and 16777215."),
        < 0x80 => [(byte)length],
        <= 0xFF => [0x81, (byte)length],
        <= 0xFFFF => [0x82, (byte)(length >> 8), (byte)length],
        _ => [0x83, (byte)(length >> 16), (byte)(length >> 8), (byte)length],
    };

    private BerTlvWriter WriteRaw(uint tag, ReadOnlySpan<byte> value)
    {
        _buffer.AddRange(BerTlvTag.ToBytes(tag));
        _buffer.AddRange(EncodeLength(value.Length));
        _buffer.AddRange(value);
        return this;
    }
}
