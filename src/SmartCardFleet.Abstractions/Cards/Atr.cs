using System.Diagnostics.CodeAnalysis;

namespace SmartCardFleet.Abstractions.Cards;

/// <summary>
/// A parsed Answer-To-Reset (ISO/IEC 7816-3 section 8): convention, format byte T0, interface bytes per level,
/// protocols offered, historical bytes and the check byte TCK.
/// </summary>
/// <remarks>
/// TCK must be present when any protocol other than T=0 is indicated and must be absent otherwise; a missing
/// required TCK is reported as a truncated ATR. A present TCK with a wrong value does not fail parsing (real
/// cards ship with bad TCKs); <see cref="IsTckValid"/> says whether it checks.
/// </remarks>
public sealed class Atr : IEquatable<Atr>
{
    private readonly byte[] _bytes;

    private Atr(byte[] bytes, IReadOnlyList<AtrInterfaceGroup> groups, int historicalStart, int historicalLength, bool tckRequired)
    {
        _bytes = bytes;
        InterfaceGroups = groups;
        HistoricalBytes = bytes.AsMemory(historicalStart, historicalLength);
        TckRequired = tckRequired;
        var protocols = groups.Select(g => g.NextProtocol).OfType<int>().Where(t => t != 15).Distinct().ToList();
        Protocols = protocols.Count == 0 ? [0] : protocols;
    }

    /// <summary>The raw ATR bytes.</summary>
    public ReadOnlyMemory<byte> Bytes => _bytes;

    /// <summary>TS: direct (3B) or inverse (3F) convention.</summary>
    public AtrConvention Convention => (AtrConvention)_bytes[0];

    /// <summary>The format byte T0: Y1 in the high nibble, the number of historical bytes K in the low nibble.</summary>
    public byte T0 => _bytes[1];

    /// <summary>Interface byte levels in order (level 1 holds TA1, TB1, TC1, TD1). Empty when T0 announces none.</summary>
    public IReadOnlyList<AtrInterfaceGroup> InterfaceGroups { get; }

    /// <summary>
    /// Transmission protocols offered (T values from TD1, TD2, …; T=15 "global" is not a protocol and is left out).
    /// T=0 when no TD byte is present.
    /// </summary>
    public IReadOnlyList<int> Protocols { get; }

    /// <summary>The historical bytes T1…TK.</summary>
    public ReadOnlyMemory<byte> HistoricalBytes { get; }

    /// <summary>Whether a check byte is required (a protocol other than T=0 is indicated) and therefore present.</summary>
    public bool TckRequired { get; }

    /// <summary>The check byte, or null when absent.</summary>
    public byte? Tck => TckRequired ? _bytes[^1] : null;

    /// <summary>True when there is no TCK, or when T0 through TCK XOR to zero.</summary>
    public bool IsTckValid
    {
        get
        {
            if (!TckRequired)
            {
                return true;
            }

            byte x = 0;
            foreach (var b in _bytes.AsSpan(1))
            {
                x ^= b;
            }

            return x == 0;
        }
    }

    /// <summary>Parses an ATR from bytes.</summary>
    /// <param name="bytes">The ATR as reported by the reader.</param>
    /// <returns>The parsed ATR.</returns>
    /// <exception cref="FormatException">TS is not 3B/3F, the ATR is truncated, or it has trailing bytes.</exception>
    public static Atr Parse(ReadOnlySpan<byte> bytes) =>
        AtrParser.TryParse(bytes, out var atr, out var error) ? atr : throw new FormatException(error);

    /// <summary>Parses an ATR from hex text such as <c>3B 02 14 50</c> or <c>3B:02:14:50</c>.</summary>
    /// <param name="hex">The ATR in hex.</param>
    /// <returns>The parsed ATR.</returns>
    /// <exception cref="FormatException">The text is not hex or the ATR is malformed.</exception>
    public static Atr Parse(string hex) => Parse(Hex.Parse(hex));

    /// <summary>Parses an ATR without throwing.</summary>
    /// <param name="bytes">The ATR bytes.</param>
    /// <param name="atr">The ATR when valid.</param>
    /// <returns>True when the bytes form a valid ATR.</returns>
    public static bool TryParse(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out Atr? atr) =>
        AtrParser.TryParse(bytes, out atr, out _);

    /// <summary>Parses hex text without throwing.</summary>
    /// <param name="hex">The ATR in hex.</param>
    /// <param name="atr">The ATR when valid.</param>
    /// <returns>True when the text is hex and forms a valid ATR.</returns>
    public static bool TryParse(string? hex, [NotNullWhen(true)] out Atr? atr)
    {
        atr = null;
        return Hex.TryParse(hex, out var bytes) && TryParse(bytes, out atr);
    }

    internal static Atr Create(byte[] bytes, IReadOnlyList<AtrInterfaceGroup> groups, int historicalStart, int historicalLength, bool tckRequired) =>
        new(bytes, groups, historicalStart, historicalLength, tckRequired);

    /// <summary>Compares the raw bytes.</summary>
    /// <param name="other">The other ATR.</param>
    /// <returns>True when the bytes are equal.</returns>
    public bool Equals(Atr? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Atr);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }

    /// <summary>The ATR as upper-case hex with spaces, for example <c>3B 02 14 50</c>.</summary>
    /// <returns>The hex text.</returns>
    public override string ToString() => Hex.Format(_bytes, ' ');
}
