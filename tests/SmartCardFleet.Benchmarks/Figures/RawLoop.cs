using System.Diagnostics;
using SmartCardFleet.Benchmarks.Support;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Benchmarks.Figures;

/// <summary>The baseline: our P/Invoke binding called directly in a tight loop on one shared connection (the floor
/// every other path is compared with), as a C program would call PC/SC. Runs on the calling thread, which must be a
/// dedicated one.</summary>
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

    /// <summary>The batch baseline: <paramref name="batches"/> times SCardBeginTransaction, <paramref name="size"/>
    /// exchanges, SCardEndTransaction (what an atomic batch costs a C loop); one sample per batch, the batch's time
    /// divided by <paramref name="size"/>, so it compares per APDU with the batch paths.</summary>
    public Latencies MeasureBatches(int batches, int size)
    {
        var latencies = new Latencies();
        for (var b = 0; b < batches; b++)
        {
            var start = Stopwatch.GetTimestamp();
            Check(_api.BeginTransaction(_card), "SCardBeginTransaction");
            for (var i = 0; i < size; i++)
            {
                Exchange();
            }

            Check(_api.EndTransaction(_card, CardDisposition.Leave), "SCardEndTransaction");
            latencies.AddTicksPer(Stopwatch.GetTimestamp() - start, size);
        }

        return latencies;
    }

    private static void Check(PcscError error, string call)
    {
        if (error != PcscError.Success)
        {
            throw new InvalidOperationException($"raw {call} failed: {error}");
        }
    }

    public void Dispose()
    {
        _api.Disconnect(_card, CardDisposition.Leave);
        _context.Dispose();
    }
}
