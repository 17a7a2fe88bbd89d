using Akka.Actor;
using Akka.Event;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Readers;

// What a failed PC/SC call does to the state machine (docs/pcsc-notes.md §9, §7, §5), and how a handle is let go.
public sealed partial class ReaderActor
{
    /// <summary>Turns a PC/SC code into the typed failure and moves the state machine (docs/pcsc-notes.md §9).</summary>
    private ReaderFailure HandleError(string operation, PcscError error, PcscCallKind kind = PcscCallKind.Card)
    {
        var what = $"{operation} failed: {error.Describe()}";
        switch (PcscReactions.For(error, kind))
        {
            case PcscReaction.ServiceLost:
                EnterServiceLost(error);
                return Failure(ReaderFailureReason.ServiceUnavailable, what, error);
            case PcscReaction.Fatal:
                var fault = Failure(ReaderFailureReason.PcscError, $"{what}: the environment refuses PC/SC access (fatal)", error);
                EnterFaulted(fault);
                return fault;
            case PcscReaction.ReaderLost:
                DropCardAfterLoss("reader gone", ReaderFailureReason.ReaderGone, BecomeNoCard);
                return Failure(ReaderFailureReason.ReaderGone, what, error);
            case PcscReaction.CardLost:
                DropCardAfterLoss("card removed", ReaderFailureReason.CardGone, BecomeNoCard);
                return Failure(ReaderFailureReason.CardGone, what, error);
            case PcscReaction.HandleLost:
                DropCardAfterLoss("stale handle", ReaderFailureReason.InvalidHandle, BecomeCardPresent);
                return Failure(ReaderFailureReason.InvalidHandle, $"{what}; the handle was dropped, Attach again", error);
            case PcscReaction.Busy:
                return Failure(ReaderFailureReason.SharingViolation, $"{what}: another process holds the card", error);
            case PcscReaction.Mute:
                return Failure(ReaderFailureReason.CardMute, $"{what}: the card does not answer; insert another card", error);
            case PcscReaction.Unsupported:
                return Failure(ReaderFailureReason.Unsupported, what, error);
            case PcscReaction.NotTransacted:
                return OnNotTransacted(what, error);
            case PcscReaction.CardReset:
            case PcscReaction.Reconnect:
            case PcscReaction.Fail:
            default:
                return Failure(ReaderFailureReason.PcscError, what, error);
        }
    }

    /// <summary>NOT_TRANSACTED mid-command usually means the card was pulled; otherwise our lock is gone (reset). Either
    /// way our idea of the transaction is resynchronised instead of retried.</summary>
    private ReaderFailure OnNotTransacted(string what, PcscError error)
    {
        var status = default(CardStatus);
        var statusError = _card == 0 ? PcscError.Success : _api.Status(_card, out status);
        var cardGone = statusError == PcscError.Success
            ? status is not null && status.State.HasFlag(CardState.Absent)
            : PcscReactions.For(statusError, PcscCallKind.CardRemoved) is PcscReaction.CardLost;
        if (cardGone)
        {
            DropCardAfterLoss("card removed", ReaderFailureReason.CardGone, BecomeNoCard);
            return Failure(ReaderFailureReason.CardGone, $"{what}; the card is gone", error);
        }

        if (_transaction is not null)
        {
            LeaveTransaction();
        }

        return Failure(ReaderFailureReason.PcscError, $"{what}; the transaction lock is lost", error);
    }

    private void DropCardAfterLoss(string reason, ReaderFailureReason stashReason, Action nextState)
    {
        EndLease();
        ReleaseCard(CardDisposition.Leave, reason, notifyManager: true);
        FailStash(stashReason, $"queued behind a session that ended: {reason}");
        nextState();
    }

    private void EnterServiceLost(PcscError error)
    {
        if (_state == ReaderState.ServiceLost)
        {
            return;
        }

        _log.Warning("Reader {0}: PC/SC service lost ({1})", _id, error);
        EndLease();

        // The manager remembers the attachment so it can re-attach after recovery: do not report a detach here.
        ReleaseCard(CardDisposition.Leave, "service lost", notifyManager: false);
        FailStash(ReaderFailureReason.ServiceUnavailable, "the PC/SC service is gone");
        if (_context != 0)
        {
            // SCardIsValidContext cannot be trusted after a daemon restart: release unconditionally.
            _api.ReleaseContext(_context);
            _context = 0;
        }

        BecomeServiceLost(error);
        _manager.Tell(new ReaderLostService(_id, error));
    }

    private void EnterFaulted(ReaderFailure fault)
    {
        _log.Error("Reader {0} faulted: {1}", _id, fault.Message);
        EndLease();

        ReleaseCard(CardDisposition.Leave, "reader faulted", notifyManager: true);
        FailStash(fault.Reason, fault.Message);
        BecomeFaulted(fault);
        Publish(new ReaderFaulted(_id, fault.Message, fault.Error, DateTimeOffset.UtcNow));
    }

    /// <summary>Disconnects (errors ignored: the handle may already be dead) and forgets the card handle.</summary>
    private void ReleaseCard(CardDisposition disposition, string reason, bool notifyManager)
    {
        if (_card == 0)
        {
            return;
        }

        _api.Disconnect(_card, disposition);
        ForgetCard(disposition, reason, notifyManager);
    }

    private void ForgetCard(CardDisposition disposition, string reason, bool notifyManager)
    {
        var session = _session;
        _card = 0;
        _session = null;
        if (session is { } id)
        {
            Publish(new CardDetached(_id, id, disposition, reason, DateTimeOffset.UtcNow));
        }

        if (notifyManager)
        {
            _manager.Tell(new ReaderAttachmentChanged(_id, null, CardProtocol.Undefined));
        }
    }
}
