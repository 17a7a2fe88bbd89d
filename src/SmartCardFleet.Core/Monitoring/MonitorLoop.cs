using System.Diagnostics;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Monitoring;

/// <summary>The body of <see cref="CardMonitor"/>'s thread: PnP probe, listing, the first UNAWARE pass and the wait
/// loop (docs/pcsc-notes.md §2). Runs on one thread with one context; only <see cref="CardMonitor.Stop"/> touches that
/// context from outside, with Cancel.</summary>
internal sealed class MonitorLoop(
    IPcscApi api,
    nint context,
    int generation,
    TimeSpan pollInterval,
    Action<object> sink,
    Func<bool> stopping,
    WaitHandle stopRequested)
{
    /// <summary>pcsc-lite refuses a wait array longer than PCSCLITE_MAX_READERS_CONTEXTS (16 before 2.5.0) with
    /// INVALID_PARAMETER, and the PnP entry counts: with 16 readers it must stay out (the list is then polled).</summary>
    internal const int MaxWaitEntries = 16;

    private readonly ReaderStateEntry _pnp = new(ReaderStateEntry.PnpNotification);
    private readonly Dictionary<string, ReaderStateEntry> _readers = new(StringComparer.Ordinal);
    private bool _pnpSupported;
    private bool _listed;

    public void Run()
    {
        if (!ProbePnp())
        {
            return;
        }

        var needList = true;
        var listedAt = 0L;
        while (!stopping())
        {
            if (needList)
            {
                if (!Relist())
                {
                    return;
                }

                listedAt = Stopwatch.GetTimestamp();
                needList = false;
                continue;
            }

            var waitSet = WaitSet();
            if (waitSet.Count == 0)
            {
                // An empty array returns at once on pcsc-lite: without PnP and readers there is nothing to wait on.
                stopRequested.WaitOne(pollInterval);
                needList = true;
                continue;
            }

            // Without reliable PnP the list is polled once per poll interval, not after every card event: at
            // thousands of readers a listing per event (and the manager's diff of it) was the monitor's main cost.
            var untilList = pollInterval - Stopwatch.GetElapsedTime(listedAt);
            var error = api.GetStatusChange(context, PnpReliable ? Timeout.InfiniteTimeSpan : untilList > TimeSpan.Zero ? untilList : TimeSpan.Zero, waitSet);
            switch (error)
            {
                case PcscError.Success:
                    needList = ProcessChanges() || (!PnpReliable && Stopwatch.GetElapsedTime(listedAt) >= pollInterval);
                    LearnPnpCounter();
                    break;
                case PcscError.Timeout:
                    needList = !PnpReliable;
                    LearnPnpCounter();
                    break;
                case PcscError.Cancelled:
                    break;
                case PcscError.UnknownReader:
                    // One unplugged reader aborts the whole wait: rebuild from a fresh list, never die here.
                    needList = true;
                    break;
                default:
                    if (!Survive(error, "SCardGetStatusChange"))
                    {
                        return;
                    }

                    needList = true;
                    break;
            }
        }
    }

    /// <summary>Learns the PnP counter with timeout 0 (waiting with UNAWARE every time busy-loops); UNKNOWN means
    /// the platform has no PnP notification and the loop polls the reader list instead.</summary>
    private bool ProbePnp()
    {
        var error = api.GetStatusChange(context, TimeSpan.Zero, [_pnp]);
        if (error is not (PcscError.Success or PcscError.Timeout))
        {
            _pnpSupported = false;
            return Survive(error, "PnP probe");
        }

        _pnpSupported = !_pnp.EventFlags.HasFlag(ReaderStateFlags.Unknown);
        _pnp.Acknowledge();
        return true;
    }

    private bool Relist()
    {
        var error = api.ListReaders(context, null, out var names);
        if (error is not (PcscError.Success or PcscError.NoReadersAvailable))
        {
            return Survive(error, "SCardListReaders");
        }

        names ??= [];
        var gone = _readers.Keys.Except(names, StringComparer.Ordinal).ToList();
        foreach (var name in gone)
        {
            _readers.Remove(name);
        }

        var fresh = new List<ReaderStateEntry>();
        foreach (var name in names.Where(n => !_readers.ContainsKey(n)))
        {
            var entry = new ReaderStateEntry(name);
            _readers[name] = entry;
            fresh.Add(entry);
        }

        // Reported the first time and on every change only: a polled list (16+ readers) that did not change must not
        // wake the manager once per poll interval on an idle station.
        if (!_listed || gone.Count > 0 || fresh.Count > 0)
        {
            _listed = true;
            sink(new ReadersListed(generation, [.. names]));
        }

        if (fresh.Count == 0)
        {
            return true;
        }

        // First pass with UNAWARE: returns at once and reports cards that were inserted before we looked.
        error = api.GetStatusChange(context, TimeSpan.Zero, fresh);
        if (error is PcscError.Success or PcscError.Timeout)
        {
            foreach (var entry in fresh)
            {
                Report(entry, initial: true);
            }

            return true;
        }

        foreach (var entry in fresh)
        {
            _readers.Remove(entry.ReaderName);
        }

        return error == PcscError.UnknownReader || Survive(error, "first status pass");
    }

    /// <summary>pcsc-lite compares the PnP counter only with a non-zero value passed in; while the counter is still 0
    /// (no reader event since pcscd started) a reader arriving between our listing and our wait would be missed, so
    /// the loop polls until the counter has a value.</summary>
    private bool PnpReliable => PnpWatched && _pnp.CurrentCounter != 0;

    /// <summary>The PnP entry is part of the wait only while there is room for it next to the readers.</summary>
    private bool PnpWatched => _pnpSupported && _readers.Count < MaxWaitEntries;

    private void LearnPnpCounter()
    {
        if (PnpWatched && _pnp.CurrentCounter == 0)
        {
            _pnp.Acknowledge();
        }
    }

    private List<ReaderStateEntry> WaitSet()
    {
        var set = new List<ReaderStateEntry>(_readers.Count + 1);
        if (PnpWatched)
        {
            set.Add(_pnp);
        }

        set.AddRange(_readers.Values);
        return set;
    }

    /// <summary>Reports what changed; returns true when the reader list must be fetched again.</summary>
    private bool ProcessChanges()
    {
        var needList = false;
        if (PnpWatched && _pnp.EventFlags.HasFlag(ReaderStateFlags.Changed))
        {
            _pnp.Acknowledge();
            needList = true;
        }

        foreach (var entry in _readers.Values)
        {
            if (!entry.EventFlags.HasFlag(ReaderStateFlags.Changed))
            {
                continue;
            }

            if ((entry.EventFlags & (ReaderStateFlags.Unknown | ReaderStateFlags.Unavailable)) != 0)
            {
                needList = true;
            }
            else
            {
                Report(entry, initial: false);
            }

            entry.Acknowledge();
        }

        return needList;
    }

    /// <summary>Only PRESENT and the event counter count as card events: INUSE, EXCLUSIVE and UNPOWERED change when
    /// our own reader actors connect and must not look like insertions. A moved counter with PRESENT unchanged
    /// means a remove+insert pair happened between two waits.</summary>
    private void Report(ReaderStateEntry entry, bool initial)
    {
        var wasPresent = !initial && entry.CurrentFlags.HasFlag(ReaderStateFlags.Present);
        var isPresent = entry.EventFlags.HasFlag(ReaderStateFlags.Present);
        var counterMoved = !initial && entry.EventCounter != entry.CurrentCounter;
        if (wasPresent && (!isPresent || counterMoved))
        {
            sink(new CardGoneSeen(generation, entry.ReaderName, entry.EventCounter));
        }

        if (isPresent && (!wasPresent || counterMoved))
        {
            sink(new CardSeen(generation, entry.ReaderName, [.. entry.Atr], entry.EventCounter,
                entry.EventFlags.HasFlag(ReaderStateFlags.Mute)));
        }

        if (initial)
        {
            entry.Acknowledge();
        }
    }

    /// <summary>Service-gone and fatal codes end the monitor (reported to the manager, which recovers with backoff);
    /// anything else is reported and waited out for one poll interval so an odd code cannot spin the loop.</summary>
    private bool Survive(PcscError error, string operation)
    {
        if (stopping())
        {
            return false;
        }

        // The monitor only holds a context: a stale handle there means the service restarted under us.
        if (PcscReactions.For(error, PcscCallKind.Context) is PcscReaction.ServiceLost or PcscReaction.Fatal)
        {
            sink(new MonitorLostService(generation, error));
            return false;
        }

        sink(new MonitorFault(generation, error, operation));
        stopRequested.WaitOne(pollInterval);
        return !stopping();
    }
}
