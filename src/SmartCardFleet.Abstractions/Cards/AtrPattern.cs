using System.Numerics;
using System.Text.Json.Serialization;

namespace SmartCardFleet.Abstractions.Cards;

/// <summary>
/// An ATR with a mask of equal length, as in PC/SC <c>SCARD_ATRMASK</c> and OpenSC ATR tables: an ATR matches
/// when it has the same length and <c>atr &amp; mask == pattern &amp; mask</c> byte by byte. <see cref="Any"/> is the
/// wildcard that matches every ATR, whatever its length.
/// </summary>
/// <remarks>
/// <see cref="Specificity"/> counts the set mask bits so the host can rank candidates: the most specific
/// matching pattern wins, and plugin priority breaks ties.
/// </remarks>
[JsonConverter(typeof(AtrPatternJsonConverter))]
public sealed class AtrPattern : IEquatable<AtrPattern>
{
    /// <summary>The text form of <see cref="Any"/>, in <see cref="Parse"/>, <see cref="ToString"/> and JSON.</summary>
    public const string AnyText = "*";

    private readonly byte[] _atr;
    private readonly byte[] _mask;

    // Any: no bytes at all, so no other pattern (every one has at least one byte) equals it.
    private AtrPattern()
    {
        _atr = [];
        _mask = [];
    }

    /// <summary>
    /// The wildcard: matches every ATR of any length, with <see cref="Specificity"/> 0, so it ranks below every pattern
    /// that looks at a single bit. A fallback plugin (the generic ISO/IEC 7816-4 one) uses it with the lowest priority
    /// to be the last candidate for every card. Its text and JSON form is <c>"*"</c> (<see cref="AnyText"/>); its
    /// <see cref="Atr"/> and <see cref="Mask"/> are empty.
    /// </summary>
    public static AtrPattern Any { get; } = new();

    /// <summary>Whether this is <see cref="Any"/>.</summary>
    public bool IsAny => _atr.Length == 0;

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

    /// <summary>The reference ATR bytes, already ANDed with the mask (empty for <see cref="Any"/>).</summary>
    public ReadOnlyMemory<byte> Atr => _atr;

    /// <summary>The mask bytes (empty for <see cref="Any"/>).</summary>
    public ReadOnlyMemory<byte> Mask => _mask;

    /// <summary>The number of set bits in the mask: higher means more specific.</summary>
    public int Specificity { get; }

    /// <summary>
    /// Parses a pattern from hex text, for example <c>3B:8F:80:01</c> with mask <c>FF:FF:FF:00</c>, or the single
    /// string form <c>3B:8F:80:01/FF:FF:FF:00</c> produced by <see cref="ToString"/>; <c>*</c> is <see cref="Any"/>.
    /// </summary>
    /// <param name="atrHex">The ATR in hex (spaces, colons or dashes allowed), optionally followed by <c>/mask</c>; or
    /// <c>*</c> alone for <see cref="Any"/>.</param>
    /// <param name="maskHex">The mask in hex, or null/empty for an exact match (or the mask given after a slash).</param>
    /// <returns>The pattern.</returns>
    /// <exception cref="FormatException">The text is not valid hex, a mask is given twice, or a mask is given with
    /// <c>*</c>.</exception>
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

        if (atrHex.Trim() == AnyText)
        {
            return string.IsNullOrWhiteSpace(maskHex)
                ? Any
                : throw new FormatException($"The ATR pattern \"{AnyText}\" matches every ATR; it takes no mask.");
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

    /// <summary>Whether raw ATR bytes match: same length and equal under the mask (always, for <see cref="Any"/>).</summary>
    /// <param name="atr">The ATR bytes.</param>
    /// <returns>True on a match.</returns>
    public bool Matches(ReadOnlySpan<byte> atr)
    {
        if (IsAny)
        {
            return true;
        }

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

    /// <summary>Colon-separated hex, for example <c>3B:8F:80:01/FF:FF:FF:00</c>; <c>*</c> for <see cref="Any"/>.</summary>
    /// <returns>ATR and mask separated by a slash, or <c>*</c>.</returns>
    public override string ToString() => IsAny ? AnyText : $"{Hex.Format(_atr, ':')}/{Hex.Format(_mask, ':')}";
}
