using BenchmarkDotNet.Attributes;
using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Benchmarks.Support;

namespace SmartCardFleet.Benchmarks.Micro;

/// <summary>One card's ATR against 5,000 ATR patterns: the SDK's linear BestMatch, a plain loop over Matches, and the
/// length/prefix index prototype (<see cref="AtrPatternIndex"/>) as the measured alternative.</summary>
[MemoryDiagnoser]
public class AtrMatchBenchmarks
{
    private IReadOnlyList<AtrPattern> _patterns = null!;
    private AtrPattern[] _array = null!;
    private AtrPatternIndex _index = null!;
    private byte[] _atr = null!;

    [Params(5000)]
    public int Patterns { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _patterns = AtrPatternSet.Create(Patterns);
        _array = [.. _patterns];
        _index = new AtrPatternIndex(_patterns);
        _atr = AtrPatternSet.Card.Bytes.ToArray();
    }

    [Benchmark(Baseline = true, Description = "SDK AtrPattern.BestMatch (linear, LINQ)")]
    public AtrPattern? SdkBestMatch() => AtrPattern.BestMatch(_patterns, AtrPatternSet.Card);

    [Benchmark(Description = "loop over Matches(span)")]
    public int LinearLoop()
    {
        var matches = 0;
        foreach (var pattern in _array)
        {
            if (pattern.Matches(_atr))
            {
                matches++;
            }
        }

        return matches;
    }

    [Benchmark(Description = "index by length + TS/T0 (prototype)")]
    public AtrPattern? Indexed() => _index.BestMatch(_atr);
}
