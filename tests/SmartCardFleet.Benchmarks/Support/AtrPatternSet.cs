using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Cards;

namespace SmartCardFleet.Benchmarks.Support;

/// <summary>A deterministic table of ATR patterns shaped like public ATR lists (lengths 4..33, mostly 3B, most exact,
/// some with wildcard bytes or nibbles), with two patterns that match <see cref="Card"/> placed near the end so a
/// linear scan has to walk the whole table.</summary>
public static class AtrPatternSet
{
    public static Atr Card { get; } = Atr.Parse("3B8F8001804F0CA000000306030001000000006A");

    public static IReadOnlyList<AtrPattern> Create(int count, int seed = 5000)
    {
        var random = new Random(seed);
        var patterns = new List<AtrPattern>(count);
        while (patterns.Count < count - 2)
        {
            var length = 4 + random.Next(30);
            var atr = new byte[length];
            random.NextBytes(atr);
            atr[0] = random.NextDouble() < 0.85 ? (byte)0x3B : (byte)0x3F;
            var mask = Enumerable.Repeat((byte)0xFF, length).ToArray();
            if (random.NextDouble() < 0.3)
            {
                for (var wildcards = 1 + random.Next(4); wildcards > 0; wildcards--)
                {
                    mask[1 + random.Next(length - 1)] = random.NextDouble() < 0.5 ? (byte)0x00 : (byte)0xF0;
                }
            }

            if (atr.AsSpan().SequenceEqual(Card.Bytes.Span))
            {
                continue;
            }

            patterns.Add(new AtrPattern(atr, mask));
        }

        // The storage card's own entry and a family entry (any card name code) at the end of the table.
        patterns.Add(AtrPattern.Parse("3B8F8001804F0CA0000003060300000000000000", "FFFFFFFFFFFFFFFFFFFFFFFFFFFF0000FFFFFF00"));
        patterns.Add(new AtrPattern(Card.Bytes.Span));
        return patterns;
    }
}
