using BenchmarkDotNet.Attributes;
using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Apdu;

namespace SmartCardFleet.Benchmarks.Micro;

/// <summary>Command APDU encode/parse (short and extended) and response parse: the work done for every exchange.</summary>
[MemoryDiagnoser]
public class ApduBenchmarks
{
    private static readonly byte[] OpenPgpAid = Hex.Parse("D2 76 00 01 24 01");

    private CommandApdu _selectShort = null!;
    private CommandApdu _updateExtended = null!;
    private byte[] _selectBytes = null!;
    private byte[] _extendedBytes = null!;
    private byte[] _responseBytes = null!;

    [GlobalSetup]
    public void Setup()
    {
        _selectShort = new CommandApdu(0x00, 0xA4, 0x04, 0x00, OpenPgpAid, ne: 256);
        _updateExtended = new CommandApdu(0x00, 0xD6, 0x00, 0x00, new byte[1024], ne: 65536);
        _selectBytes = _selectShort.ToBytes();
        _extendedBytes = _updateExtended.ToBytes();
        _responseBytes = new byte[258];
        _responseBytes[^2] = 0x90;
    }

    [Benchmark(Description = "encode SELECT (short, case 4)")]
    public byte[] EncodeShort() => _selectShort.ToBytes();

    [Benchmark(Description = "encode UPDATE 1 KiB (extended, case 4)")]
    public byte[] EncodeExtended() => _updateExtended.ToBytes();

    [Benchmark(Description = "new + encode SELECT")]
    public byte[] BuildAndEncodeShort() => new CommandApdu(0x00, 0xA4, 0x04, 0x00, OpenPgpAid, ne: 256).ToBytes();

    [Benchmark(Description = "parse SELECT bytes")]
    public CommandApdu ParseShort() => CommandApdu.Parse(_selectBytes);

    [Benchmark(Description = "parse UPDATE 1 KiB bytes")]
    public CommandApdu ParseExtended() => CommandApdu.Parse(_extendedBytes);

    [Benchmark(Description = "parse response 256 B + 9000")]
    public ResponseApdu ParseResponse() => ResponseApdu.Parse(_responseBytes);
}
