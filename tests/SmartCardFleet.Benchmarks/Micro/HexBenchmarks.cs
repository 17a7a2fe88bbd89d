using BenchmarkDotNet.Attributes;
using SmartCardFleet.Abstractions;

namespace SmartCardFleet.Benchmarks.Micro;

/// <summary>Hex text ↔ bytes: every APDU over the HTTP API and every logged exchange goes through these.</summary>
[MemoryDiagnoser]
public class HexBenchmarks
{
    private string _compact = null!;
    private string _spaced = null!;
    private byte[] _bytes = null!;

    [GlobalSetup]
    public void Setup()
    {
        _bytes = new byte[256];
        new Random(7).NextBytes(_bytes);
        _compact = Hex.Format(_bytes);
        _spaced = Hex.Format(_bytes, ' ');
    }

    [Benchmark(Description = "parse 256 B compact")]
    public byte[] ParseCompact() => Hex.Parse(_compact);

    [Benchmark(Description = "parse 256 B spaced")]
    public byte[] ParseSpaced() => Hex.Parse(_spaced);

    [Benchmark(Description = "format 256 B")]
    public string Format() => Hex.Format(_bytes);

    [Benchmark(Description = "format 256 B with ':'")]
    public string FormatSeparated() => Hex.Format(_bytes, ':');
}
