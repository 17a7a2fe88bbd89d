using Akka.Actor;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Readers;

/// <summary>
/// A reader actor's card session and transaction bookkeeping: taking and letting go of a handle (events, manager
/// notices), the lease and its timer, the stash of requests waiting for them, and the failures it answers with (the last
/// one with a PC/SC code shows in the status). It is the <see cref="IReaderSite"/> <see cref="CardWork"/> works against.
/// Runs on the actor's thread only.
/// </summary>
internal sealed class ReaderSession(ReaderActor reader, SecurityStateGuard securityState) : IReaderSite
{
    private const string LeaseTimerKey = "transaction-lease";

    public ReaderId Id => reader.ReaderId;

    public TransactionLease? Lease { get; private set; }

    public ReaderFailure? LastError { get; private set; }

    public Attached TakeCard(nint card, CardProtocol active, ShareMode shareMode, CardProtocol requested, byte[]? atr = null)
    {
        var session = reader.Link.Take(card, active, shareMode, requested, atr);
        reader.Presence.PendingReattach = null;
        reader.BecomeAttached();
        var cardAtr = reader.Link.Atr ?? [];
        Publish(new CardAttached(Id, session, active, shareMode, [.. cardAtr], DateTimeOffset.UtcNow));
        reader.Manager.Tell(new ReaderAttachmentChanged(Id, shareMode, reader.Link.RequestedProtocols));
        return new Attached(Id, session, active, shareMode, [.. cardAtr]);
    }

    /// <summary>What the reader looks like now. Card data (ATR, protocol, share mode, session) only while a card is
    /// there: an empty, lost or faulted reader shows none of the card that left.</summary>
    public ReaderSnapshot Snapshot()
    {
        var cardKnown = reader.State is ReaderState.CardPresent or ReaderState.Attached or ReaderState.InTransaction;
        var attached = cardKnown && reader.Link.HasHandle;
        var pending = reader.LockWait.Pending;
        return new ReaderSnapshot(Id, reader.ReaderName, pending is { Blocked: true } ? ReaderState.BlockedByForeignTransaction : reader.State,
            cardKnown && reader.Link.Atr is { } atr ? [.. atr] : null, attached ? reader.Link.Protocol : null, attached ? reader.Link.ShareMode : null,
            attached ? reader.Link.Session : null, reader.Counter, Lease?.Label, reader.AutoAttach, LastError)
        {
            Busy = pending?.Busy(reader.Now),
        };
    }

    /// <summary>SetAutoAttach: the reader keeps the choice, tells the manager (which passes it to a re-created reader)
    /// and answers.</summary>
    public void ChooseAutoAttach(bool enabled)
    {
        reader.AutoAttachChoice = enabled;
        reader.Manager.Tell(new ReaderAutoAttachChosen(Id, enabled));
        reader.Context.Sender.Tell(new AutoAttachChanged(Id, enabled));
    }

    public TransactionBegun OpenLease(BeginTransaction begin)
    {
        var lease = new TransactionLease(TransactionId.New(), begin.Holder, DateTimeOffset.UtcNow + begin.MaxHold);
        Lease = lease;
        reader.Timers.StartSingleTimer(LeaseTimerKey, new LeaseExpired(lease.Id), begin.MaxHold);
        reader.BecomeInTransaction();
        return new TransactionBegun(Id, lease.Id, lease.Expires);
    }

    /// <summary>Forgets the transaction and its lease timer; harmless when none is open.</summary>
    public void EndLease()
    {
        reader.Timers.Cancel(LeaseTimerKey);
        Lease = null;
    }

    public void LeaveTransaction()
    {
        EndLease();
        reader.BecomeAttached();
        reader.Stash.UnstashAll();
    }

    public void Detached(SessionId? session, CardDisposition disposition)
    {
        EndLease();
        CardReleased(session, disposition, "detach requested", notifyManager: true);
        FailStash(ReaderFailureReason.NotAttached, "the session these requests waited for was detached");
        reader.BecomeCardPresent();
    }

    /// <summary>The card or its handle is lost: drop the handle (LEAVE: nothing is sent to whatever comes next), fail
    /// what waited for the session, NoCard or (stale handle) CardPresent.</summary>
    public void DropCardAfterLoss(string reason, ReaderFailureReason stashReason, bool toNoCard)
    {
        EndLease();
        var ended = reader.Link.Drop(CardDisposition.Leave);
        CardReleased(ended, CardDisposition.Leave, reason, notifyManager: true);
        FailStash(stashReason, $"queued behind a session that ended: {reason}");
        if (toNoCard)
        {
            reader.BecomeNoCard();
        }
        else
        {
            reader.BecomeCardPresent();
        }
    }

    /// <summary>CardDetached for the session that ended, and (unless the manager keeps it for re-attach) the news.</summary>
    public void CardReleased(SessionId? session, CardDisposition disposition, string reason, bool notifyManager)
    {
        securityState.Forget();
        if (session is not { } ended)
        {
            return;
        }

        Publish(new CardDetached(Id, ended, disposition, reason, DateTimeOffset.UtcNow));
        if (notifyManager)
        {
            reader.Manager.Tell(new ReaderAttachmentChanged(Id, null, CardProtocol.Undefined));
        }
    }

    public ReaderFailure Fail(string operation, PcscError error, PcscCallKind kind = PcscCallKind.Card) => reader.Life.Fail(operation, error, kind);

    public ReaderFailure Failure(ReaderFailureReason reason, string message, PcscError? error = null)
    {
        var failure = new ReaderFailure(Id, reason, message, error);
        if (error is not null)
        {
            LastError = failure;
        }

        return failure;
    }

    public void Publish(IFleetEvent fleetEvent) => reader.Context.System.EventStream.Publish(fleetEvent);

    /// <summary>Keeps the current request for later, or refuses it with <paramref name="reason"/> when the stash is full.</summary>
    public void StashOrRefuse(string why, ReaderFailureReason reason, string? holder = null)
    {
        if (reader.Stash.Count >= reader.Settings.StashCapacity)
        {
            reader.Context.Sender.Tell(Failure(reason, $"{why} and {reader.Stash.Count} requests already wait") with { TransactionHolder = holder });
            return;
        }

        reader.Stash.Stash();
    }

    /// <summary>Answers every stashed request with a failure and empties the stash: stale APDUs must never be replayed
    /// against a different session. Notices in the stash are dropped (the reader re-reads the card state when it starts).</summary>
    public void FailStash(ReaderFailureReason reason, string message)
    {
        if (reader.Stash is null || reader.Stash.IsEmpty)
        {
            return;
        }

        foreach (var envelope in reader.Stash.ClearStash())
        {
            if (envelope.Message is IReaderRequest or GetStatus or SetAutoAttach)
            {
                envelope.Sender.Tell(Failure(reason, message), reader.Context.Self);
            }
        }
    }
}

/// <summary>The lease timer of transaction <paramref name="Transaction"/> (dropped when that transaction already ended).</summary>
internal sealed record LeaseExpired(TransactionId Transaction) : ILateReaderTimer;
