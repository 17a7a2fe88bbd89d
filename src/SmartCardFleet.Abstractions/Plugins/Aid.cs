using System.Text.Json.Serialization;

namespace SmartCardFleet.Abstractions.Plugins;

/// <summary>
/// An application identifier (DF name) used to probe a card with SELECT by name: 1 to 16 bytes (ISO/IEC 7816-4
/// allows partial names for probing). Written to JSON as hex, for example <c>"A000000308"</c>.
/// </summary>
[JsonConverter(typeof(AidJsonConverter))]
public sealed class Aid : IEquatable<Aid>
{
    private readonly byte[] _bytes;

    /// <summary>Creates an AID from bytes.</summary>
    /// <param name="bytes">1 to 16 bytes.</param>
    /// <exception cref="ArgumentException">The length is outside 1–16.</exception>
    public Aid(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty || bytes.Length > 16)
        {
            throw new ArgumentException($"An AID is 1 to 16 bytes; got {bytes.Length}.", nameof(bytes));
        }

        _bytes = bytes.ToArray();
    }

    /// <summary>The AID bytes.</summary>
    public ReadOnlyMemory<byte> Bytes => _bytes;

    /// <summary>Parses hex text such as <c>A0 00 00 03 08</c>.</summary>
    /// <param name="hex">The AID in hex.</param>
    /// <returns>The AID.</returns>
    /// <exception cref="FormatException">Not hex.</exception>
    /// <exception cref="ArgumentException">Wrong length.</exception>
    public static Aid Parse(string hex) => new(Hex.Parse(hex));

    /// <inheritdoc />
    public bool Equals(Aid? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Aid);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }

    /// <summary>Upper-case hex without separators.</summary>
    /// <returns>For example <c>A000000308</c>.</returns>
    public override string ToString() => Hex.Format(_bytes);
}
