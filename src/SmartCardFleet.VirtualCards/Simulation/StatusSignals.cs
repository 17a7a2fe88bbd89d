using SmartCardFleet.Pcsc;

namespace SmartCardFleet.VirtualCards.Simulation;

/// <summary>
/// Who to wake when something a status wait watches changes: the waiters on the PnP entry, the broad waiters (any
/// reader event) and, through <see cref="SimulatedReader.Waiters"/>, the waiters of one reader. Every member runs under
/// the simulation gate (see <see cref="SimulatedPcsc"/>).
/// </summary>
internal sealed class StatusSignals
{
    /// <summary>Above this many watched readers a waiter registers once for every reader event (a wake it does not
    /// need only costs it one evaluation) instead of with each reader, which cost two set operations per reader per wait.</summary>
    private const int BroadWaitThreshold = 64;

    private readonly HashSet<StatusWaiter> _pnpWaiters = [];
    private readonly HashSet<StatusWaiter> _broadWaiters = [];

    /// <summary>A reader's card, counter or connections changed: publish its new state, then wake its waiters.</summary>
    public void ReaderChanged(SimulatedReader reader)
    {
        reader.Publish();
        foreach (var waiter in reader.Waiters)
        {
            waiter.Signal.Set();
        }

        foreach (var waiter in _broadWaiters)
        {
            waiter.Signal.Set();
        }
    }

    /// <summary>A reader came or went: wake the waiters on the PnP entry.</summary>
    public void ReaderListChanged()
    {
        foreach (var waiter in _pnpWaiters)
        {
            waiter.Signal.Set();
        }
    }

    public void Register(StatusWaiter waiter, IReadOnlyList<ReaderStateEntry> states, SimulatedReader?[] watched)
    {
        waiter.Broad = watched.Length > BroadWaitThreshold;
        Enlist(waiter, states, watched, add: true);
    }

    public void Unregister(StatusWaiter waiter, IReadOnlyList<ReaderStateEntry> states, SimulatedReader?[] watched) =>
        Enlist(waiter, states, watched, add: false);

    private void Enlist(StatusWaiter waiter, IReadOnlyList<ReaderStateEntry> states, SimulatedReader?[] watched, bool add)
    {
        if (waiter.Broad)
        {
            Toggle(_broadWaiters, waiter, add);
        }

        for (int i = 0; i < states.Count; i++)
        {
            if (states[i].IsPnp)
            {
                Toggle(_pnpWaiters, waiter, add);
            }
            else if (!waiter.Broad && watched[i] is { } reader)
            {
                Toggle(reader.Waiters, waiter, add);
            }
        }
    }

    private static void Toggle(HashSet<StatusWaiter> set, StatusWaiter waiter, bool add)
    {
        if (add)
        {
            set.Add(waiter);
        }
        else
        {
            set.Remove(waiter);
        }
    }
}
