using BenchmarkDotNet.Attributes;
using SmartCardFleet.Abstractions.Tlv;

namespace SmartCardFleet.Benchmarks.Micro;

/// <summary>BER-TLV parsing of an OpenPGP-like "application related data" template (6E, nested 73, ~220 bytes).</summary>
[MemoryDiagnoser]
public class TlvBenchmarks
{
    private byte[] _template = null!;

    [GlobalSetup]
    public void Setup()
    {
        var discretionary = BerTlv.Constructed(0x73,
            BerTlv.Primitive(0xC0, new byte[10]),
            BerTlv.Primitive(0xC1, new byte[6]),
            BerTlv.Primitive(0xC2, new byte[6]),
            BerTlv.Primitive(0xC3, new byte[6]),
            BerTlv.Primitive(0xC4, new byte[7]),
            BerTlv.Primitive(0xC5, new byte[60]),
            BerTlv.Primitive(0xC6, new byte[60]),
            BerTlv.Primitive(0xCD, new byte[12]));
        _template = BerTlv.Constructed(0x6E,
            BerTlv.Primitive(0x4F, new byte[16]),
            BerTlv.Primitive(0x5F52, new byte[10]),
            discretionary).Encode();
    }

    [Benchmark(Description = "parse 6E template (nested, ~230 B)")]
    public IReadOnlyList<BerTlv> ParseAll() => BerTlvReader.ParseAll(_template);

    [Benchmark(Description = "find C5 in 6E template")]
    public BerTlv? Find() => BerTlvReader.Find(_template, 0xC5);
}
