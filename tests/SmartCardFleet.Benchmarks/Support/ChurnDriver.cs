using SmartCardFleet.Host.Events;
using SmartCardFleet.VirtualCards.Simulation;

namespace SmartCardFleet.Benchmarks.Support;

/// <summary>
/// Card churn on every reader of a simulated fleet, round robin (insert where empty, remove where full), on its own
/// thread. Closed loop: it keeps at most <c>window</c> events in flight — produced but not yet in the journal, and in
/// the journal but not yet received by the subscriber — so the figure is the rate the pipeline sustains, not how
/// fast a queue fills (the host drops a subscriber whose queue of 256 fills).
/// </summary>
public sealed class ChurnDriver
{
    private const int EventsPerChange = 2; // insert: CardInserted + CardAttached; remove: CardRemoved + CardDetached.

    private readonly SimulatedPcsc _pcsc;
    private readonly FleetEventJournal _journal;
    private readonly SseCounter _subscriber;
    private readonly int _window;
    private volatile bool _stop;
    private long _changes;

    public ChurnDriver(SimulatedPcsc pcsc, FleetEventJournal journal, SseCounter subscriber, int window)
    {
        _pcsc = pcsc;
        _journal = journal;
        _subscriber = subscriber;
        _window = window;
    }

    public long Changes => Interlocked.Read(ref _changes);

    public Task Start() => Dedicated.Run("bench-churn", () =>
    {
        Drive();
        return 0;
    });

    public void Stop() => _stop = true;

    private void Drive()
    {
        var readers = _pcsc.Readers;
        var serial = 0;
        var spin = new SpinWait();
        var baseline = _journal.LastId;
        while (!_stop)
        {
            foreach (var reader in readers)
            {
                while (!_stop && InFlight(baseline) >= _window)
                {
                    spin.SpinOnce(sleep1Threshold: -1);
                }

                if (_stop)
                {
                    return;
                }

                if (reader.Card is null)
                {
                    reader.Insert(BenchCards.NewStorageCard(++serial));
                }
                else
                {
                    reader.Remove();
                }

                Interlocked.Increment(ref _changes);
            }
        }
    }

    private long InFlight(long baseline)
    {
        var produced = (Changes * EventsPerChange) + baseline;
        var journaled = _journal.LastId;
        return Math.Max(produced - journaled, 0) + Math.Max(journaled - _subscriber.LastId, 0);
    }
}
