using SmartCardFleet.Pcsc;

namespace SmartCardFleet.VirtualCards.Simulation;

/// <summary>
/// SCardGetStatusChange: resolves the entries to readers, evaluates them against the readers' published states
/// (outside the simulation gate) and blocks on the waiter's own signal, which <see cref="StatusSignals"/> sets under
/// the gate. See <see cref="SimulatedPcsc"/> for the lock discipline.
/// </summary>
internal sealed class StatusWait(object gate, ContextTable contexts, ReaderRegistry registry, StatusSignals signals)
{
    private int _blockedStatusWaits;

    /// <summary>GetStatusChange calls blocked right now.</summary>
    public int BlockedStatusWaits => Volatile.Read(ref _blockedStatusWaits);

    private const ReaderStateFlags ComparedFlags = ReaderStateFlags.Empty | ReaderStateFlags.Present |
        ReaderStateFlags.Mute | ReaderStateFlags.InUse | ReaderStateFlags.Exclusive |
        ReaderStateFlags.Unknown | ReaderStateFlags.Unavailable;

    /// <summary>
    /// pcsc-lite's SCardGetStatusChange: returns at once when an entry is UNAWARE or differs (flags or event
    /// counter) from its current state; otherwise blocks until a watched reader changes, the PnP counter moves,
    /// the timeout passes (Timeout), Cancel is called on the context (Cancelled) or the service stops (NoService).
    /// A reader name not present aborts the whole call with UnknownReader.
    /// </summary>
    public PcscError Wait(nint context, TimeSpan timeout, IReadOnlyList<ReaderStateEntry> states)
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
        lock (gate)
        {
            var check = contexts.Check(context, out ctx);
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

            check = ResolveEntries(ctx, states, out watched);
            if (check != PcscError.Success)
            {
                waiter.Dispose();
                return check;
            }

            pnpBaseline = PnpBaseline(states);
            // Registered before the first evaluation, which runs outside the lock: a change after it signals the waiter.
            signals.Register(waiter, states, watched);
            ctx.Waiter = waiter;
        }

        try
        {
            bool changed = Evaluate(states, watched, pnpBaseline);
            bool nothingToWatch = !states.Any(s => s.IsPnp) && Array.TrueForAll(watched, r => r is null);
            if (changed || nothingToWatch || timeout == TimeSpan.Zero)
            {
                // Like current pcsc-lite, an empty or all-IGNORE array returns at once.
                return changed || nothingToWatch ? PcscError.Success : PcscError.Timeout;
            }

            Interlocked.Increment(ref _blockedStatusWaits);
            try
            {
                return WaitForChange(ctx, waiter, states, watched, pnpBaseline, infinite, deadline);
            }
            finally
            {
                Interlocked.Decrement(ref _blockedStatusWaits);
            }
        }
        finally
        {
            lock (gate)
            {
                signals.Unregister(waiter, states, watched);
                if (ctx.Waiter == waiter)
                {
                    ctx.Waiter = null;
                }
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
            lock (gate)
            {
                // Reset before evaluating: a change from here on sets the signal again, so none is lost.
                waiter.Signal.Reset();
                if (!contexts.Contains(ctx.Id))
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

    /// <summary>Maps entries to readers (null for PnP and ignored entries); a missing reader fails the whole call.</summary>
    private PcscError ResolveEntries(SimContext ctx, IReadOnlyList<ReaderStateEntry> states, out SimulatedReader?[] watched)
    {
        var readers = ResolvedReaders(ctx, states);
        watched = new SimulatedReader?[states.Count];
        for (int i = 0; i < states.Count; i++)
        {
            var entry = states[i];
            if (entry.IsPnp || (entry.CurrentFlags & ReaderStateFlags.Ignore) != 0)
            {
                continue;
            }

            if (readers[i] is not { } reader)
            {
                return PcscError.UnknownReader;
            }

            watched[i] = reader;
        }

        return PcscError.Success;
    }

    /// <summary>Each entry's reader by name, reused from the context's previous wait when the caller passes the same
    /// entries and no reader came or went since: a name lookup per reader per wait was most of a wait's cost at
    /// thousands of readers.</summary>
    private SimulatedReader?[] ResolvedReaders(SimContext ctx, IReadOnlyList<ReaderStateEntry> states)
    {
        if (ctx.ResolvedEntries is { } previous && ctx.ResolvedReaders is { } cached && ctx.ResolvedVersion == registry.ReaderSetVersion &&
            previous.Length == states.Count)
        {
            var same = true;
            for (int i = 0; i < previous.Length && same; i++)
            {
                same = ReferenceEquals(previous[i], states[i]);
            }

            if (same)
            {
                return cached;
            }
        }

        var entries = new ReaderStateEntry[states.Count];
        var readers = new SimulatedReader?[states.Count];
        for (int i = 0; i < states.Count; i++)
        {
            entries[i] = states[i];
            readers[i] = states[i].IsPnp ? null : registry.Find(states[i].ReaderName);
        }

        ctx.ResolvedEntries = entries;
        ctx.ResolvedReaders = readers;
        ctx.ResolvedVersion = registry.ReaderSetVersion;
        return readers;
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

        return registry.PnpCounter;
    }

    /// <summary>Fills every entry's event state and ATR from the readers' published states (no lock needed); true when
    /// at least one changed. Every change publishes and then signals under the lock, and a waiter resets its signal
    /// under the lock before evaluating, so a change this evaluation misses wakes the wait again.</summary>
    private bool Evaluate(IReadOnlyList<ReaderStateEntry> states, SimulatedReader?[] watched, int pnpBaseline)
    {
        bool anyChanged = false;
        for (int i = 0; i < states.Count; i++)
        {
            var entry = states[i];
            bool changed;
            if (entry.IsPnp)
            {
                var pnpCounter = registry.PnpCounter;
                changed = pnpCounter != pnpBaseline;
                entry.EventState = ((uint)pnpCounter << 16) | (changed ? (uint)ReaderStateFlags.Changed : 0);
            }
            else if (watched[i] is not { } reader)
            {
                entry.EventState = entry.CurrentState & ~(uint)ReaderStateFlags.Changed;
                continue;
            }
            else if (reader.Published is { Removed: true } removed)
            {
                changed = true;
                entry.Atr = [];
                entry.EventState = (removed.Raw & 0xFFFF0000) |
                    (uint)(ReaderStateFlags.Unknown | ReaderStateFlags.Unavailable | ReaderStateFlags.Changed);
            }
            else
            {
                var published = reader.Published;
                uint raw = published.Raw;
                var flags = (ReaderStateFlags)(raw & 0xFFFF);
                changed = entry.CurrentFlags == ReaderStateFlags.Unaware
                    || entry.CurrentCounter != (int)(raw >> 16)
                    || (entry.CurrentFlags & ComparedFlags) != (flags & ComparedFlags);
                entry.Atr = published.Atr;
                entry.EventState = raw | (changed ? (uint)ReaderStateFlags.Changed : 0);
            }

            anyChanged |= changed;
        }

        return anyChanged;
    }
}
