using System.Diagnostics;
using SmartCardFleet.Benchmarks.Support;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Benchmarks.Figures;

/// <summary>The baseline: our P/Invoke binding called directly in a tight loop on one shared connection (the floor
/// every other path is compared with). Runs on the calling thread, which must be a dedicated one.</summary>
public sealed class RawLoop : IDisposable
{
    private readonly IPcscApi _api;
    private readonly PcscContext _context;
    private readonly nint _card;
    private readonly CardProtocol _protocol;
    private readonly byte[] _receive = new byte[258];

    public RawLoop(IPcscApi api, string reader)
    {
        _api = api;
        _context = PcscContext.Establish(api);
        var error = api.Connect(_context.RawHandle, reader, ShareMode.Shared, CardProtocol.Any, out _card, out _protocol);
        if (error != PcscError.Success)
        {
            _context.Dispose();
            throw new InvalidOperationException($"raw SCardConnect to {reader} failed: {error}");
        }
    }

    /// <summary>One GET DATA exchange; throws unless the card answers 90 00.</summary>
    public void Exchange()
    {
        var error = _api.Transmit(_card, _protocol, BenchCards.GetUidBytes, _receive, out var received);
        if (error != PcscError.Success || received < 2 || _receive[received - 2] != 0x90)
        {
            throw new InvalidOperationException($"raw SCardTransmit failed: {error}, {received} bytes");
        }
    }

    public Latencies Measure(int count, int warmup)
    {
        for (var i = 0; i < warmup; i++)
        {
            Exchange();
        }

        var latencies = new Latencies();
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            Exchange();
            latencies.AddTicks(Stopwatch.GetTimestamp() - start);
        }

        return latencies;
    }

    public void Dispose()
    {
        _api.Disconnect(_card, CardDisposition.Leave);
        _context.Dispose();
    }
}
