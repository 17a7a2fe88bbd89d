using Akka.Event;
using Akka.Actor;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Readers;

/// <summary>
/// A reader actor's life around the state table: start (context, start-up probe), what a failed PC/SC call does (<see cref="PcscErrorPolicy"/> applied), restart with backoff, retirement and stop.
/// <para>Restart: the manager restarts a crashed reader in place (same ActorRef and mailbox). The failed instance
/// answers its stash, releases its handle and context and sends its failure history and auto-attach choice to itself;
/// the new instance answers ReaderGone "restarting" until its own backoff timer ends, then starts like a new reader, or,
/// past MaxRetries, stays Faulted and publishes ReaderFaulted.</para>
/// <para>Retirement (unplug, service loss): release everything, answer every request with the reason, stop after
/// <see cref="ReaderTimings.RetireGrace"/>.</para>
/// </summary>
internal sealed class ReaderLife(ReaderActor reader, ReaderTimings timings)
{
    private const string BackoffTimerKey = "restart-backoff";
    private const string RetireTimerKey = "retire";
    private const string GivenUp = "the reader actor kept failing and was given up; replug the reader";

    private RestartBackoff _history = RestartBackoff.None;
    private bool _released;

    public void Start()
    {
        var error = reader.Link.Establish();
        reader.BecomeNoCard();
        if (error != PcscError.Success)
        {
            var verdict = PcscErrorPolicy.Decide("SCardEstablishContext", error, PcscCallKind.Context);
            if (verdict.FollowUp is ReaderFollowUp.ServiceLost or ReaderFollowUp.Faulted)
            {
                Fail("SCardEstablishContext", error, PcscCallKind.Context);
                return;
            }

            // Without a context the reader cannot work (e.g. NO_MEMORY at pcscd's context cap): the restart backoff
            // retries and finally gives up with ReaderFaulted. Not a throw: Akka re-creates an actor that failed in
            // PreStart at once, without PreRestart, so no backoff would happen.
            reader.Log.Error("Reader {0}: SCardEstablishContext failed ({1}); retrying after the restart backoff", reader.ReaderId, error);
            Backoff(_history.After(reader.Now, timings));
            return;
        }

        _history = _history.Started(reader.Now);

        error = reader.Link.Probe(out var entry);
        if (error is PcscError.Success or PcscError.Timeout && entry.EventFlags.HasFlag(ReaderStateFlags.Present))
        {
            reader.Presence.OnCardInserted(new CardInsertedNotice([.. entry.Atr], entry.EventCounter, entry.EventFlags.HasFlag(ReaderStateFlags.Mute)));
        }
        else if (error is not (PcscError.Success or PcscError.Timeout or PcscError.UnknownReader))
        {
            Fail("SCardGetStatusChange", error, PcscCallKind.Context);
        }
    }

    /// <summary>Turns a PC/SC code into the typed failure and moves the state machine (docs/pcsc-notes.md §9).</summary>
    public ReaderFailure Fail(string operation, PcscError error, PcscCallKind kind = PcscCallKind.Card)
    {
        var verdict = PcscErrorPolicy.Decide(operation, error, kind);
        if (verdict.FollowUp == ReaderFollowUp.ProbeCard)
        {
            verdict = reader.Work.Recovery.ProbeAfterIncompleteExchange(verdict, error);
        }

        var failure = reader.Session.Failure(verdict.Reason, verdict.Message, error);
        switch (verdict.FollowUp)
        {
            case ReaderFollowUp.ServiceLost:
                EnterServiceLost(error);
                break;
            case ReaderFollowUp.Faulted:
                EnterFaulted(failure);
                break;
            case ReaderFollowUp.ReaderGone:
                reader.Session.DropCardAfterLoss("reader gone", ReaderFailureReason.ReaderGone, toNoCard: true);
                break;
            case ReaderFollowUp.CardGone:
                reader.Session.DropCardAfterLoss("card removed", ReaderFailureReason.CardGone, toNoCard: true);
                break;
            case ReaderFollowUp.HandleStale:
                reader.Session.DropCardAfterLoss("stale handle", ReaderFailureReason.InvalidHandle, toNoCard: false);
                break;
        }

        return failure;
    }

    public void BeforeRestart(Exception reason)
    {
        reader.Log.Error(reason, "Reader {0} failed; it restarts after its backoff", reader.ReaderId);
        reader.Context.Self.Tell(new RestartHandoff(_history.After(reader.Now, timings), reader.AutoAttachChoice));
        LetGo(ReaderFailureReason.ReaderGone, "the reader actor failed and restarts; retry", "reader actor restarting");
    }

    /// <summary>The new instance after a crash: waits for the handoff, then out its backoff.</summary>
    public void AfterRestart() => BecomeRestarting();

    /// <summary>Waits out the backoff of <paramref name="history"/> (or gives up), then starts again.</summary>
    private void Backoff(RestartBackoff history)
    {
        _history = history;
        if (_history.GivesUp(timings))
        {
            GiveUp();
            return;
        }

        reader.Timers.StartSingleTimer(BackoffTimerKey, BackoffOver.Instance, _history.Delay(timings, Random.Shared.NextDouble()));
        BecomeRestarting();
    }

    /// <summary>Answers "restarting" to every request until the backoff is over.</summary>
    private void BecomeRestarting() => reader.Context.Become(message =>
    {
        switch (message)
        {
            case RestartHandoff handoff:
                reader.AutoAttachChoice = handoff.AutoAttachChoice;
                Backoff(handoff.History);
                break;
            case BackoffOver:
                Start();
                break;
            case StopReader stop:
                Retire(stop.Reason);
                break;
            case IReaderRequest or GetStatus or SetAutoAttach:
                reader.Context.Sender.Tell(new ReaderFailure(reader.ReaderId, ReaderFailureReason.ReaderGone, "the reader actor is restarting after a failure"));
                break;
        }

        // Notices need no answer: the restarted reader reads the card state itself when it starts.
        return true;
    });

    public void Retire(ReaderFailureReason reason)
    {
        var why = reason == ReaderFailureReason.ServiceUnavailable ? ReaderFailure.ServiceGoneMessage : "the reader was removed from the station";
        LetGo(reason, why, reason == ReaderFailureReason.ServiceUnavailable ? "service lost" : "reader removed");
        reader.Timers.CancelAll();
        reader.Timers.StartSingleTimer(RetireTimerKey, RetireOver.Instance, timings.RetireGrace);
        reader.Context.Become(message =>
        {
            if (message is RetireOver)
            {
                reader.Context.Stop(reader.Context.Self);
            }
            else if (message is IReaderRequest or GetStatus or SetAutoAttach)
            {
                reader.Context.Sender.Tell(new ReaderFailure(reader.ReaderId, reason, why));
            }

            return true;
        });
    }

    public void Stopped() => LetGo(ReaderFailureReason.ReaderGone, "the reader actor stopped", "reader actor stopped");

    private void GiveUp()
    {
        reader.Log.Error("Reader {0} gave up after {1} restarts", reader.ReaderId, timings.Restart.MaxRetries);
        reader.BecomeOutOfService(ReaderState.Faulted, () => new ReaderFailure(reader.ReaderId, ReaderFailureReason.ReaderGone, GivenUp));
        reader.Session.Publish(new ReaderFaulted(reader.ReaderId, GivenUp, null, DateTimeOffset.UtcNow));
    }

    /// <summary>Answers whoever waits (stash, a pending lock call) and releases handle and context, once.</summary>
    private void LetGo(ReaderFailureReason reason, string message, string detachReason)
    {
        reader.LockWait.Pending?.ReplyTo?.Tell(new ReaderFailure(reader.ReaderId, reason, message));
        reader.Session.FailStash(reason, message);
        if (_released)
        {
            return;
        }

        _released = true;
        reader.Session.EndLease();
        var disposition = reader.Settings.DefaultDisposition;
        var session = reader.Link.Session;
        // Released before CardDetached goes out (unless a lock call still runs: then the waiter releases after it).
        reader.LockWait.Abandon(disposition);
        reader.Session.CardReleased(session, disposition, detachReason, notifyManager: false);
    }

    private void EnterServiceLost(PcscError error)
    {
        if (reader.State == ReaderState.ServiceLost)
        {
            return;
        }

        reader.Log.Warning("Reader {0}: PC/SC service lost ({1})", reader.ReaderId, error);
        // The manager remembers the attachment so it can re-attach after recovery: no detach is reported to it.
        LetGo(ReaderFailureReason.ServiceUnavailable, "the PC/SC service is gone", "service lost");
        reader.BecomeOutOfService(ReaderState.ServiceLost,
            () => reader.Session.Failure(ReaderFailureReason.ServiceUnavailable, ReaderFailure.ServiceGoneMessage, error));
        reader.Manager.Tell(new ReaderLostService(reader.ReaderId, error));
    }

    private void EnterFaulted(ReaderFailure fault)
    {
        reader.Log.Error("Reader {0} faulted: {1}", reader.ReaderId, fault.Message);
        reader.Session.DropCardAfterLoss("reader faulted", fault.Reason, toNoCard: true);
        reader.BecomeOutOfService(ReaderState.Faulted, () => fault with { Message = $"the reader is faulted: {fault.Message}" });
        reader.Session.Publish(new ReaderFaulted(reader.ReaderId, fault.Message, fault.Error, DateTimeOffset.UtcNow));
    }

    /// <summary>Failed instance → next instance, through the reader's own mailbox.</summary>
    private sealed record RestartHandoff(RestartBackoff History, bool? AutoAttachChoice) : ILateReaderTimer;

    private sealed record BackoffOver : ILateReaderTimer
    {
        public static readonly BackoffOver Instance = new();
    }

    private sealed record RetireOver : ILateReaderTimer
    {
        public static readonly RetireOver Instance = new();
    }
}
