using System.Globalization;
using SmartCardFleet.Pcsc;
using SmartCardFleet.VirtualCards.Cards;
using SmartCardFleet.VirtualCards.Simulation;

namespace SmartCardFleet.Benchmarks.Support;

/// <summary>N readers on the in-process simulated PC/SC; insert and remove are immediate.</summary>
public sealed class SimulatedBenchFleet : IBenchFleet
{
    private readonly SimulatedPcsc _pcsc = new();

    public SimulatedBenchFleet(int readers)
    {
        ReaderNames = [.. Enumerable.Range(0, readers).Select(i => "Bench Reader " + i.ToString("00", CultureInfo.InvariantCulture))];
        foreach (var name in ReaderNames)
        {
            _pcsc.AddReader(name);
        }
    }

    public string Kind => "simulated";

    public string Description => $"in-process simulated PC/SC, {ReaderNames.Count} readers";

    public bool IsReal => false;

    public IPcscApi Api => _pcsc;

    public IReadOnlyList<string> ReaderNames { get; }

    public int? ServiceProcessId => null;

    public Task InsertAsync(int reader, IVirtualCard card)
    {
        _pcsc.GetReader(ReaderNames[reader]).Insert(card);
        return Task.CompletedTask;
    }

    public Task RemoveAsync(int reader)
    {
        var simulated = _pcsc.GetReader(ReaderNames[reader]);
        if (simulated.Card is not null)
        {
            simulated.Remove();
        }

        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
