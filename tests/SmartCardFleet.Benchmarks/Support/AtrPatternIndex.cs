using SmartCardFleet.Abstractions.Cards;

namespace SmartCardFleet.Benchmarks.Support;

/// <summary>
/// Prototype of an index for many ATR patterns, measured against the SDK's linear <see cref="AtrPattern.BestMatch"/>:
/// an ATR can only match patterns of its own length, and most patterns fix their first two bytes (TS, T0), so the
/// table is bucketed by length and then by those two bytes; patterns that mask either byte go to the length's
/// "loose" list, which every lookup of that length also scans. Same answer as the linear scan (checked in smoke).
/// </summary>
public sealed class AtrPatternIndex
{
    private readonly Dictionary<int, Bucket> _byLength = [];

    public AtrPatternIndex(IEnumerable<AtrPattern> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        foreach (var pattern in patterns)
        {
            var length = pattern.Atr.Length;
            if (!_byLength.TryGetValue(length, out var bucket))
            {
                bucket = new Bucket();
                _byLength[length] = bucket;
            }

            var mask = pattern.Mask.Span;
            if (length >= 2 && mask[0] == 0xFF && mask[1] == 0xFF)
            {
                var key = Key(pattern.Atr.Span);
                if (!bucket.ByPrefix.TryGetValue(key, out var list))
                {
                    list = [];
                    bucket.ByPrefix[key] = list;
                }

                list.Add(pattern);
            }
            else
            {
                bucket.Loose.Add(pattern);
            }
        }
    }

    /// <summary>The most specific matching pattern, or null (ties: the earliest in the input, like the linear scan).</summary>
    public AtrPattern? BestMatch(ReadOnlySpan<byte> atr)
    {
        if (!_byLength.TryGetValue(atr.Length, out var bucket))
        {
            return null;
        }

        AtrPattern? best = null;
        if (atr.Length >= 2 && bucket.ByPrefix.TryGetValue(Key(atr), out var exact))
        {
            best = Best(exact, atr, best);
        }

        return Best(bucket.Loose, atr, best);
    }

    private static AtrPattern? Best(List<AtrPattern> candidates, ReadOnlySpan<byte> atr, AtrPattern? best)
    {
        foreach (var pattern in candidates)
        {
            if (pattern.Matches(atr) && (best is null || pattern.Specificity > best.Specificity))
            {
                best = pattern;
            }
        }

        return best;
    }

    private static int Key(ReadOnlySpan<byte> atr) => (atr[0] << 8) | atr[1];

    private sealed class Bucket
    {
        public Dictionary<int, List<AtrPattern>> ByPrefix { get; } = [];

        public List<AtrPattern> Loose { get; } = [];
    }
}
