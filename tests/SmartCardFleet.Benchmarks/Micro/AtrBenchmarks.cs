using BenchmarkDotNet.Attributes;
using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Cards;

namespace SmartCardFleet.Benchmarks.Micro;

/// <summary>ATR parsing (ISO/IEC 7816-3 interface groups, historical bytes, TCK): done once per card insertion.</summary>
[MemoryDiagnoser]
public class AtrBenchmarks
{
    private byte[] _contactless = null!;
    private byte[] _javaCardT1 = null!;

    [GlobalSetup]
    public void Setup()
    {
        // PC/SC part 3 contactless ATR (MIFARE Classic 1K) and a T=0/T=1 JavaCard ATR with three interface groups.
        _contactless = Hex.Parse("3B8F8001804F0CA000000306030001000000006A");
        _javaCardT1 = Hex.Parse("3BF81300008131FE454A434F5076323431B7");
    }

    [Benchmark(Description = "parse contactless ATR (20 B)")]
    public Atr ParseContactless() => Atr.Parse(_contactless);

    [Benchmark(Description = "parse JavaCard T=1 ATR (18 B)")]
    public Atr ParseJavaCard() => Atr.Parse(_javaCardT1);

    [Benchmark(Description = "parse ATR from hex text")]
    public Atr ParseHex() => Atr.Parse("3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00 6A");
}
