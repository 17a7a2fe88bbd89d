using SmartCardFleet.Host.Events;
using SmartCardFleet.VirtualCards.Simulation;

namespace SmartCardFleet.Benchmarks.Support;

/// <summary>
/// Card churn on every reader of a simulated fleet, round robin (insert where empty, remove where full), on its own
/// thread. Closed loop: at most <c>window</c> changes are unconfirmed (a change is confirmed when the subscriber has
/// received its CardAttached or CardDetached), and at most 2 × <c>window</c> journaled events are unread by the
/// subscriber, so the figure is the rate the whole pipeline sustains, not how fast a queue fills (the host drops a
/// subscriber whose queue of 256 fills). A reader is touched again only after every other one was, so with more
/// readers than the window a change never races the previous one on the same reader.
/// </summary>
public sealed class ChurnDriver
{
    private readonly SimulatedPcsc _pcsc;
    private readonly FleetEventJournal _journal;
    private readonly SseCounter _subscriber;
    private readonly int _window;
    private readonly long _baseline;
    private volatile bool _stop;
    private long _changes;

    /// <param name="baseline">The journal's last id before the first change (every earlier event is journaled).</param>
    public ChurnDriver(SimulatedPcsc pcsc, FleetEventJournal journal, SseCounter subscriber, int window, long baseline)
    {
        _baseline = baseline;
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
        while (!_stop)
        {
            foreach (var reader in readers)
            {
                while (!_stop && Full())
                {
                    // Spins briefly, then sleeps 1 ms: the driver must not take the cores the pipeline it measures needs.
                    spin.SpinOnce();
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

    private bool Full() =>
        Changes - _subscriber.Confirmations >= _window || _journal.LastId - Math.Max(_subscriber.LastId, _baseline) >= 2 * _window;
}
