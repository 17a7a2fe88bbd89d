using System.Globalization;
using Akka.Actor;
using Akka.Event;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Messaging;

namespace SmartCardFleet.Core.Fleet;

// Blocking-call watchdog (docs/pcsc-notes.md §3). A reader actor inside SCardBeginTransaction or SCardConnect
// while another process holds the card's transaction answers nothing until that process lets go, which may be
// never. The actor marks such calls in its ReaderCallGauge; the manager reads the gauge on its own thread and
// answers for the reader once the call has lasted ForeignLockThreshold. Requests forwarded before that stay queued in
// the reader's mailbox and run in order once the call returns.
public sealed partial class ReaderManager
{
    private const string BlockedCheckTimerKey = "blocked-call-check";

    /// <summary>A quarter of the threshold (at most once a second): ReaderBlocked comes at most that late, and the
    /// check is one volatile read per reader.</summary>
    private TimeSpan BlockedCheckInterval => TimeSpan.FromTicks(Math.Clamp(_settings.ForeignLockThreshold.Ticks / 4,
        TimeSpan.FromMilliseconds(50).Ticks, TimeSpan.FromSeconds(1).Ticks));

    /// <summary>Checks only while some reader is inside a lock wait: a periodic timer that always ran kept Akka's
    /// scheduler ticking 100 times a second on an idle station (~5 % of a core, docs/benchmarks.md figure 5).</summary>
    private void WatchBlockedCalls()
    {
        if (!Timers.IsTimerActive(BlockedCheckTimerKey))
        {
            Timers.StartSingleTimer(BlockedCheckTimerKey, CheckBlockedReaders.Instance, BlockedCheckInterval);
        }
    }

    private void ReceiveWatchdog()
    {
        Receive<LockWaitStarted>(_ => WatchBlockedCalls());
        Receive<CheckBlockedReaders>(_ =>
        {
            var waiting = false;
            foreach (var entry in _readers.Values)
            {
                if (entry.Gauge.CallLasting(_settings.ForeignLockThreshold) is { } call)
                {
                    AnnounceIfForeign(entry, call);
                }

                waiting |= entry.Gauge.Current is { Kind: BlockingCallKind.LockWait };
            }

            if (waiting)
            {
                WatchBlockedCalls();
            }
        });
        Receive<BlockingCallEnded>(ended =>
        {
            _log.Info("Reader {0}: {1} returned after {2}; queued requests run again", ended.ReaderId, ended.Operation, ended.BlockedFor);
            Publish(new ReaderUnblocked(ended.ReaderId, ended.Operation, ended.BlockedFor, _clock.GetUtcNow()));
        });
    }

    /// <summary>Answers <paramref name="message"/> for a reader whose actor has been inside a PC/SC call for at least
    /// the threshold; false when the message should be forwarded. A slow card exchange only gets GetStatus answered:
    /// other requests wait their turn, because a long command is legitimate.</summary>
    private bool AnswerForBusyReader(ReaderEntry entry, object message)
    {
        if (entry.Gauge.CallLasting(_settings.ForeignLockThreshold) is not { } call)
        {
            return false;
        }

        var foreign = AnnounceIfForeign(entry, call);
        switch (message)
        {
            case GetStatus:
                Sender.Tell(BusySnapshot(entry, call));
                return true;
            case SetAutoAttach set when foreign:
                // The choice lives outside the actor, so it can be taken now; the actor reads it when it runs again.
                entry.AutoAttach.Value = set.Enabled;
                Sender.Tell(new AutoAttachChanged(entry.Id, set.Enabled));
                return true;
            case var _ when foreign:
                Sender.Tell(new ReaderFailure(entry.Id, ReaderFailureReason.ForeignTransaction, BlockedMessage(entry, call)));
                return true;
            default:
                return false;
        }
    }

    /// <summary>True when <paramref name="call"/>, which has lasted the threshold, is a lock wait (another process
    /// holds the card's transaction); publishes ReaderBlocked the first time.</summary>
    private bool AnnounceIfForeign(ReaderEntry entry, BlockingCall call)
    {
        if (call.Kind != BlockingCallKind.LockWait)
        {
            return false;
        }

        if (call.TryAnnounce())
        {
            _log.Warning("Reader {0} is blocked in {1} since {2:O}: another process holds the card's transaction; its requests " +
                "are refused with ForeignTransaction until the call returns", entry.Id, call.Operation, call.Since);
            Publish(new ReaderBlocked(entry.Id, call.Operation, call.Since, _clock.GetUtcNow()));
        }

        return true;
    }

    private static ReaderSnapshot BusySnapshot(ReaderEntry entry, BlockingCall call)
    {
        var foreign = call.Kind == BlockingCallKind.LockWait;
        var taken = call.Snapshot;
        return taken with
        {
            State = foreign ? ReaderState.BlockedByForeignTransaction : taken.State,
            Atr = taken.Atr is null ? null : [.. taken.Atr],
            Busy = new ReaderBusy(call.Operation, call.Since, entry.Gauge.Elapsed(call), foreign),
        };
    }

    private static string BlockedMessage(ReaderEntry entry, BlockingCall call) => string.Create(CultureInfo.InvariantCulture,
        $"reader '{entry.Id}' is blocked in {call.Operation} for {entry.Gauge.Elapsed(call).TotalSeconds:0.0} s: another process holds the card's transaction; retry later");

    /// <summary>Snapshots the manager can give for busy readers right away, and the readers left to ask.</summary>
    private (List<ReaderSnapshot> Answered, Dictionary<ReaderId, IActorRef> ToAsk) SplitForListing()
    {
        var answered = new List<ReaderSnapshot>();
        var toAsk = new Dictionary<ReaderId, IActorRef>();
        foreach (var entry in _readers.Values)
        {
            if (entry.Gauge.CallLasting(_settings.ForeignLockThreshold) is { } call)
            {
                AnnounceIfForeign(entry, call);
                answered.Add(BusySnapshot(entry, call));
            }
            else
            {
                toAsk[entry.Id] = entry.Supervisor;
            }
        }

        return (answered, toAsk);
    }

    private sealed record CheckBlockedReaders : ILocalOnlyMessage
    {
        public static readonly CheckBlockedReaders Instance = new();
    }
}
