using SmartCardFleet.Pcsc;

namespace SmartCardFleet.VirtualCards.Simulation;

public sealed partial class SimulatedPcsc
{
    private const ReaderStateFlags ComparedFlags = ReaderStateFlags.Empty | ReaderStateFlags.Present |
        ReaderStateFlags.Mute | ReaderStateFlags.InUse | ReaderStateFlags.Exclusive |
        ReaderStateFlags.Unknown | ReaderStateFlags.Unavailable;

    /// <summary>
    /// pcsc-lite's SCardGetStatusChange: returns at once when an entry is UNAWARE or differs (flags or event
    /// counter) from its current state; otherwise blocks until a watched reader changes, the PnP counter moves,
    /// the timeout passes (Timeout), Cancel is called on the context (Cancelled) or the service stops (NoService).
    /// A reader name not present aborts the whole call with UnknownReader.
    /// </summary>
    public PcscError GetStatusChange(nint context, TimeSpan timeout, IReadOnlyList<ReaderStateEntry> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        bool infinite = timeout == Timeout.InfiniteTimeSpan;
        if (!infinite && timeout < TimeSpan.Zero)
        {
            return PcscError.InvalidValue;
        }

        var deadline = infinite ? DateTime.MaxValue : DateTime.UtcNow + timeout;
        SimContext ctx;
        SimulatedReader?[] watched;
        int pnpBaseline;
        var waiter = new StatusWaiter();
        lock (_gate)
        {
            var check = CheckContext(context, out ctx);
            if (check != PcscError.Success)
            {
                waiter.Dispose();
                return check;
            }

            if (ctx.Waiter is not null)
            {
                waiter.Dispose();
                return PcscError.InvalidParameter;
            }

            check = ResolveEntries(states, out watched);
            if (check != PcscError.Success)
            {
                waiter.Dispose();
                return check;
            }

            pnpBaseline = PnpBaseline(states);
            bool changed = Evaluate(states, watched, pnpBaseline);
            bool nothingToWatch = !states.Any(s => s.IsPnp) && Array.TrueForAll(watched, r => r is null);
            if (changed || nothingToWatch || timeout == TimeSpan.Zero)
            {
                // Like current pcsc-lite, an empty or all-IGNORE array returns at once.
                waiter.Dispose();
                return changed || nothingToWatch ? PcscError.Success : PcscError.Timeout;
            }

            Register(waiter, states, watched);
            ctx.Waiter = waiter;
            Interlocked.Increment(ref _blockedStatusWaits);
        }

        try
        {
            return WaitForChange(ctx, waiter, states, watched, pnpBaseline, infinite, deadline);
        }
        finally
        {
            lock (_gate)
            {
                Unregister(waiter, states, watched);
                if (ctx.Waiter == waiter)
                {
                    ctx.Waiter = null;
                }

                Interlocked.Decrement(ref _blockedStatusWaits);
            }

            waiter.Dispose();
        }
    }

    private PcscError WaitForChange(SimContext ctx, StatusWaiter waiter, IReadOnlyList<ReaderStateEntry> states,
        SimulatedReader?[] watched, int pnpBaseline, bool infinite, DateTime deadline)
    {
        while (true)
        {
            var remaining = infinite ? Timeout.InfiniteTimeSpan : deadline - DateTime.UtcNow;
            bool signalled = remaining == Timeout.InfiniteTimeSpan || remaining > TimeSpan.Zero
                ? waiter.Signal.Wait(remaining)
                : waiter.Signal.IsSet;
            lock (_gate)
            {
                waiter.Signal.Reset();
                if (!_contexts.ContainsKey(ctx.Id))
                {
                    return PcscError.InvalidHandle;
                }

                if (ctx.Dead)
                {
                    return PcscError.NoService;
                }

                if (waiter.Cancelled)
                {
                    return PcscError.Cancelled;
                }

                if (Evaluate(states, watched, pnpBaseline))
                {
                    return PcscError.Success;
                }

                if (!signalled || (!infinite && DateTime.UtcNow >= deadline))
                {
                    return PcscError.Timeout;
                }
            }
        }
    }

    /// <summary>Maps entries to readers (null for PnP and ignored entries); a missing reader fails the whole call.</summary>
    private PcscError ResolveEntries(IReadOnlyList<ReaderStateEntry> states, out SimulatedReader?[] watched)
    {
        watched = new SimulatedReader?[states.Count];
        for (int i = 0; i < states.Count; i++)
        {
            var entry = states[i];
            if (entry.IsPnp || (entry.CurrentFlags & ReaderStateFlags.Ignore) != 0)
            {
                continue;
            }

            if (!_readersByName.TryGetValue(entry.ReaderName, out var reader))
            {
                return PcscError.UnknownReader;
            }

            watched[i] = reader;
        }

        return PcscError.Success;
    }

    private int PnpBaseline(IReadOnlyList<ReaderStateEntry> states)
    {
        foreach (var entry in states)
        {
            if (entry.IsPnp && entry.CurrentCounter != 0)
            {
                return entry.CurrentCounter;
            }
        }

        return _pnpCounter;
    }

    /// <summary>Fills every entry's event state and ATR; true when at least one changed.</summary>
    private bool Evaluate(IReadOnlyList<ReaderStateEntry> states, SimulatedReader?[] watched, int pnpBaseline)
    {
        bool anyChanged = false;
        for (int i = 0; i < states.Count; i++)
        {
            var entry = states[i];
            bool changed;
            if (entry.IsPnp)
            {
                changed = _pnpCounter != pnpBaseline;
                entry.EventState = ((uint)_pnpCounter << 16) | (changed ? (uint)ReaderStateFlags.Changed : 0);
            }
            else if (watched[i] is not { } reader)
            {
                entry.EventState = entry.CurrentState & ~(uint)ReaderStateFlags.Changed;
                continue;
            }
            else if (reader.IsRemoved)
            {
                changed = true;
                entry.Atr = [];
                entry.EventState = ((uint)reader.EventCounter << 16) |
                    (uint)(ReaderStateFlags.Unknown | ReaderStateFlags.Unavailable | ReaderStateFlags.Changed);
            }
            else
            {
                uint raw = reader.RawState();
                var flags = (ReaderStateFlags)(raw & 0xFFFF);
                changed = entry.CurrentFlags == ReaderStateFlags.Unaware
                    || entry.CurrentCounter != reader.EventCounter
                    || (entry.CurrentFlags & ComparedFlags) != (flags & ComparedFlags);
                entry.Atr = reader.ReportedAtr();
                entry.EventState = raw | (changed ? (uint)ReaderStateFlags.Changed : 0);
            }

            anyChanged |= changed;
        }

        return anyChanged;
    }

    private void Register(StatusWaiter waiter, IReadOnlyList<ReaderStateEntry> states, SimulatedReader?[] watched)
    {
        for (int i = 0; i < states.Count; i++)
        {
            if (states[i].IsPnp)
            {
                _pnpWaiters.Add(waiter);
            }
            else
            {
                watched[i]?.Waiters.Add(waiter);
            }
        }
    }

    private void Unregister(StatusWaiter waiter, IReadOnlyList<ReaderStateEntry> states, SimulatedReader?[] watched)
    {
        for (int i = 0; i < states.Count; i++)
        {
            if (states[i].IsPnp)
            {
                _pnpWaiters.Remove(waiter);
            }
            else
            {
                watched[i]?.Waiters.Remove(waiter);
            }
        }
    }
}
