using System.Numerics;
using System.Text.Json.Serialization;

namespace SmartCardFleet.Abstractions.Cards;

/// <summary>
/// An ATR with a mask of equal length, as in PC/SC <c>SCARD_ATRMASK</c> and OpenSC ATR tables: an ATR matches
/// when it has the same length and <c>atr &amp; mask == pattern &amp; mask</c> byte by byte.
/// </summary>
/// <remarks>
/// <see cref="Specificity"/> counts the set mask bits so the host can rank candidates: the most specific
/// matching pattern wins, and plugin priority breaks ties.
/// </remarks>
[JsonConverter(typeof(AtrPatternJsonConverter))]
public sealed class AtrPattern : IEquatable<AtrPattern>
{
    private readonly byte[] _atr;
    private readonly byte[] _mask;

    /// <summary>Creates a pattern.</summary>
    /// <param name="atr">The reference ATR bytes.</param>
    /// <param name="mask">The mask, same length as <paramref name="atr"/>; empty for an exact match (all FF).</param>
    /// <exception cref="ArgumentException">The ATR is empty or the lengths differ.</exception>
    public AtrPattern(ReadOnlySpan<byte> atr, ReadOnlySpan<byte> mask = default)
    {
        if (atr.IsEmpty)
        {
            throw new ArgumentException("An ATR pattern needs at least one byte.", nameof(atr));
        }

        if (!mask.IsEmpty && mask.Length != atr.Length)
        {
            throw new ArgumentException(
                $"The mask has {mask.Length} bytes but the ATR has {atr.Length}; they must be the same length.", nameof(mask));
        }

        _atr = atr.ToArray();
        _mask = mask.IsEmpty ? Enumerable.Repeat((byte)0xFF, atr.Length).ToArray() : mask.ToArray();
        for (var i = 0; i < _atr.Length; i++)
        {
            _atr[i] &= _mask[i]; // Bits outside the mask never take part; storing them masked makes equality honest.
        }

        Specificity = _mask.Sum(m => BitOperations.PopCount(m));
    }

    /// <summary>The reference ATR bytes, already ANDed with the mask.</summary>
    public ReadOnlyMemory<byte> Atr => _atr;

    /// <summary>The mask bytes.</summary>
    public ReadOnlyMemory<byte> Mask => _mask;

    /// <summary>The number of set bits in the mask: higher means more specific.</summary>
    public int Specificity { get; }

    /// <summary>
    /// Parses a pattern from hex text, for example <c>3B:8F:80:01</c> with mask <c>FF:FF:FF:00</c>, or the single
    /// string form <c>3B:8F:80:01/FF:FF:FF:00</c> produced by <see cref="ToString"/>.
    /// </summary>
    /// <param name="atrHex">The ATR in hex (spaces, colons or dashes allowed), optionally followed by <c>/mask</c>.</param>
    /// <param name="maskHex">The mask in hex, or null/empty for an exact match (or the mask given after a slash).</param>
    /// <returns>The pattern.</returns>
    /// <exception cref="FormatException">The text is not valid hex, or a mask is given twice.</exception>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static AtrPattern Parse(string atrHex, string? maskHex = null)
    {
        ArgumentNullException.ThrowIfNull(atrHex);
        var slash = atrHex.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            if (!string.IsNullOrWhiteSpace(maskHex))
            {
                throw new FormatException($"ATR pattern \"{atrHex}\" already contains a mask after '/'; do not pass a second mask.");
            }

            maskHex = atrHex[(slash + 1)..];
            atrHex = atrHex[..slash];
        }

        return new(Hex.Parse(atrHex), string.IsNullOrWhiteSpace(maskHex) ? [] : Hex.Parse(maskHex));
    }

    /// <summary>Whether the ATR matches: same length and equal under the mask.</summary>
    /// <param name="atr">The card's ATR.</param>
    /// <returns>True on a match.</returns>
    public bool Matches(Atr atr)
    {
        ArgumentNullException.ThrowIfNull(atr);
        return Matches(atr.Bytes.Span);
    }

    /// <summary>Whether raw ATR bytes match: same length and equal under the mask.</summary>
    /// <param name="atr">The ATR bytes.</param>
    /// <returns>True on a match.</returns>
    public bool Matches(ReadOnlySpan<byte> atr)
    {
        if (atr.Length != _atr.Length)
        {
            return false;
        }

        for (var i = 0; i < atr.Length; i++)
        {
            if ((atr[i] & _mask[i]) != _atr[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The most specific pattern in the list that matches, or null.</summary>
    /// <param name="patterns">Candidate patterns.</param>
    /// <param name="atr">The card's ATR.</param>
    /// <returns>The matching pattern with the highest <see cref="Specificity"/>, or null when none matches.</returns>
    public static AtrPattern? BestMatch(IEnumerable<AtrPattern> patterns, Atr atr)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        return patterns.Where(p => p.Matches(atr)).MaxBy(p => p.Specificity);
    }

    /// <inheritdoc />
    public bool Equals(AtrPattern? other) =>
        other is not null && _atr.AsSpan().SequenceEqual(other._atr) && _mask.AsSpan().SequenceEqual(other._mask);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as AtrPattern);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_atr);
        hash.AddBytes(_mask);
        return hash.ToHashCode();
    }

    /// <summary>Colon-separated hex, for example <c>3B:8F:80:01/FF:FF:FF:00</c>.</summary>
    /// <returns>ATR and mask separated by a slash.</returns>
    public override string ToString() => $"{Hex.Format(_atr, ':')}/{Hex.Format(_mask, ':')}";
}
