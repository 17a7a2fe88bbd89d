using Akka.Actor;
using Akka.Event;
using SmartCardFleet.Core.Configuration;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Readers;

/// <summary>
/// One PC/SC reader: the state table. Runs on its pinned thread (<see cref="ReaderSettings.DispatcherId"/>), owns a
/// <see cref="CardLink"/> (context + at most one handle) and does bounded card I/O inline (<see cref="CardWork"/>).
/// SCardConnect and SCardBeginTransaction, which may wait as long as another process wants, run on its
/// <see cref="LockWaiter"/>; meanwhile the actor is in a pending state of its own (<see cref="ReaderLockWait"/>).
/// Lifecycle (start, restart backoff, retirement) is in <see cref="ReaderLife"/>. Every request is answered with its
/// success record or a <see cref="ReaderFailure"/>. docs/reader-actors.md.
/// </summary>
public sealed class ReaderActor : ReceiveActor, IWithTimers, IWithUnboundedStash, IReaderSite
{
    private readonly ReaderId _id;
    private readonly string _name;
    private readonly ReaderSettings _settings;
    private readonly IActorRef _manager;
    private readonly SecurityStateGuard _securityState;
    private readonly ILoggingAdapter _log;
    private int _counter;
    private ReaderFailure? _lastError;
    private bool? _autoAttachChoice;

    public ReaderActor(IPcscApi api, ReaderId id, string readerName, ReaderSettings settings, PcscScope scope, IActorRef manager,
        ReaderTimings timings, bool? autoAttachChoice)
    {
        _id = id;
        _name = readerName;
        _settings = settings;
        _manager = manager;
        _autoAttachChoice = autoAttachChoice;
        _log = ActorBase.Context.GetLogger();
        _securityState = new SecurityStateGuard(settings.ResetAfterVerify);
        Link = new CardLink(api, readerName, scope);
        Work = new CardWork(Link, settings, _securityState, this);
        LockWait = new ReaderLockWait(this, timings.ForeignLockThreshold);
        Life = new ReaderLife(this, timings);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public IStash Stash { get; set; } = null!;

    ReaderId IReaderSite.Id => _id;

    TransactionLease? IReaderSite.Lease => Lease;

    internal CardLink Link { get; }

    internal CardWork Work { get; }

    internal ReaderLockWait LockWait { get; }

    internal ReaderLife Life { get; }

    internal TransactionLease? Lease { get; private set; }

    internal ReaderState State { get; private set; }

    internal ILoggingAdapter Log => _log;

    internal ReaderId ReaderId => _id;

    internal ReaderSettings Settings => _settings;

    internal IActorRef Manager => _manager;

    internal new IActorContext Context => ActorBase.Context;

    internal DateTimeOffset Now => Context.System.Scheduler.Now;

    /// <summary>The client's SetAutoAttach choice (handed on across restarts and service recovery), else the setting.</summary>
    internal bool AutoAttach => _autoAttachChoice ?? _settings.AutoAttach;

    internal bool? AutoAttachChoice { get => _autoAttachChoice; set => _autoAttachChoice = value; }

    /// <summary>Props for one reader on <see cref="ReaderSettings.DispatcherId"/>. <paramref name="manager"/> receives
    /// service-loss reports, attachment changes and auto-attach choices; <paramref name="autoAttachChoice"/> is the
    /// choice a client made for this reader before the manager re-created it.</summary>
    public static Props Props(IPcscApi api, ReaderId id, string readerName, ReaderSettings settings, PcscScope scope,
        IActorRef manager, ReaderTimings? timings = null, bool? autoAttachChoice = null)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(settings);
        var t = timings ?? new ReaderTimings();
        return Akka.Actor.Props.Create(() => new ReaderActor(api, id, readerName, settings, scope, manager, t, autoAttachChoice))
            .WithDispatcher(settings.DispatcherId);
    }

    protected override void PreStart() => Life.Start();

    protected override void PreRestart(Exception reason, object message) => Life.BeforeRestart(reason);

    protected override void PostRestart(Exception reason) => Life.AfterRestart();

    protected override void PostStop() => Life.Stopped();

    /// <summary>A bug (exception) crashes the actor so it restarts with a fresh context, but the request that hit it is
    /// still answered first.</summary>
    protected override bool AroundReceive(Receive receive, object message)
    {
        try
        {
            return base.AroundReceive(receive, message);
        }
        catch (Exception ex) when (message is IReaderRequest or GetStatus)
        {
            Sender.Tell(new ReaderFailure(_id, ReaderFailureReason.ReaderGone,
                $"the reader actor failed ({ex.GetType().Name}: {ex.Message}) and restarts"));
            throw;
        }
    }

    // ---- The state table ------------------------------------------------------------------------------------------

    // PC/SC is the truth, not our last notice: in NoCard the reader tries to connect anyway (also how Direct reaches
    // an empty reader), exactly as in CardPresent. The two states differ only in how they refuse other requests.
    internal void BecomeNoCard()
    {
        Link.CardLeft();
        BecomeUnattached(ReaderState.NoCard, request => request is Detach
            ? Failure(ReaderFailureReason.NotAttached, "no card handle to detach")
            : NotInTransactionOr(request, ReaderFailureReason.NoCard, "no card in the reader"));
    }

    internal void BecomeCardPresent() =>
        BecomeUnattached(ReaderState.CardPresent, request =>
            NotInTransactionOr(request, ReaderFailureReason.NotAttached, "the card is not attached; send Attach first"));

    private void BecomeUnattached(ReaderState state, Func<IReaderRequest, ReaderFailure> refuse) => BecomeState(state, message =>
    {
        switch (message)
        {
            case Attach attach:
                LockWait.Connect(attach.ShareMode, attach.Protocols, Sender);
                break;
            case Reattach reattach:
                Life.OnReattach(reattach);
                break;
            case AttachByHandle adopt:
                Sender.Tell(Adopt(adopt));
                break;
            case IReaderRequest request:
                Sender.Tell(refuse(request));
                break;
            default:
                RejectUnknown(message);
                break;
        }
    });

    internal void BecomeAttached() => BecomeState(ReaderState.Attached, message =>
    {
        switch (message)
        {
            case Reattach reattach:
                Life.OnReattach(reattach);
                break;
            case IReaderRequest { Transaction: { } stale } and not EndTransaction:
                Sender.Tell(Work.TransactionNotOpen(stale));
                break;
            case BeginTransaction begin:
                LockWait.BeginTransaction(begin, Sender);
                break;
            case TransmitBatch { Atomic: true } batch:
                LockWait.BeginTransaction(new BeginTransaction(_settings.MaxTransactionHold, "batch"), Sender, batch);
                break;
            default:
                HandleAttachedRequest(message);
                break;
        }
    });

    private void BecomeInTransaction() => BecomeState(ReaderState.InTransaction, message =>
    {
        switch (message)
        {
            case LeaseExpired expired when Lease?.Id == expired.Transaction:
                _log.Warning("Reader {0}: transaction {1} of {2} expired", _id, Lease.Id, Lease.Holder ?? "unnamed holder");
                Work.LeaseExpired(Lease);
                break;
            case IReaderRequest request when Lease!.Is(request.Transaction):
                HandleAttachedRequest(message);
                break;
            case IReaderRequest or Reattach:
                StashOrRefuse($"a transaction holds the reader", ReaderFailureReason.BusyInTransaction, Lease!.Label);
                break;
            default:
                RejectUnknown(message);
                break;
        }
    });

    /// <summary>Attached work, shared by Attached and by the holder's requests in InTransaction.</summary>
    private void HandleAttachedRequest(object message)
    {
        switch (message)
        {
            case Attach or AttachByHandle:
                Sender.Tell(Failure(ReaderFailureReason.AlreadyAttached, $"session {Link.Session} holds the card; Detach first"));
                break;
            case Detach detach:
                Sender.Tell(Work.Detach(detach));
                break;
            case Reconnect reconnect:
                Sender.Tell(Work.Reconnect(reconnect));
                break;
            case Transmit transmit:
                Sender.Tell(Work.Transmit(transmit));
                if (Lease is null)
                {
                    // Answered first, reset next: the caller gets its response, nobody after it gets the PIN.
                    Work.ClearRaisedSecurityState();
                }

                break;
            case TransmitBatch batch:
                Sender.Tell(Work.TransmitAll(batch.Commands, batch.Transaction));
                if (Lease is null)
                {
                    Work.ClearRaisedSecurityState();
                }

                break;
            case Control control:
                Sender.Tell(Work.Control(control));
                break;
            case GetAttribute attribute:
                Sender.Tell(Work.GetAttribute(attribute));
                break;
            case BeginTransaction:
                // Only the holder reaches here in InTransaction: a second lock on the same handle is not a thing.
                Sender.Tell(Failure(ReaderFailureReason.BusyInTransaction, "this transaction is already open") with { TransactionHolder = Lease?.Label });
                break;
            case EndTransaction end:
                Sender.Tell(Work.EndTransaction(end));
                break;
            default:
                RejectUnknown(message);
                break;
        }
    }

    /// <summary>A state in which the reader cannot work: every request gets <paramref name="answer"/>'s failure.</summary>
    internal void BecomeOutOfService(ReaderState state, Func<ReaderFailure> answer) => BecomeState(state, message =>
    {
        if (message is IReaderRequest)
        {
            Sender.Tell(answer());
        }
        else if (message is not Reattach)
        {
            RejectUnknown(message);
        }
    });

    /// <summary>Common handling first (status, auto-attach choice, presence notices, retirement, bad input), then
    /// <paramref name="handle"/>.</summary>
    private void BecomeState(ReaderState state, Action<object> handle)
    {
        State = state;
        Become(() => ReceiveAny(message =>
        {
            if (!HandleCommon(message) && !RejectInvalid(message))
            {
                handle(message);
            }
        }));
    }

    /// <summary>Back to the behaviour of <see cref="State"/> (after a lock call returned).</summary>
    internal void BecomeCurrentState()
    {
        switch (State)
        {
            case ReaderState.NoCard:
                BecomeNoCard();
                break;
            case ReaderState.CardPresent:
                BecomeCardPresent();
                break;
            case ReaderState.InTransaction:
                BecomeInTransaction();
                break;
            default:
                BecomeAttached();
                break;
        }
    }

    /// <summary>Messages every working state answers the same way (the pending and retired states have their own).</summary>
    private bool HandleCommon(object message)
    {
        switch (message)
        {
            case GetStatus:
                Sender.Tell(Snapshot());
                return true;
            case SetAutoAttach set:
                ChooseAutoAttach(set.Enabled);
                return true;
            case CardInsertedNotice inserted:
                Life.OnCardInserted(inserted);
                return true;
            case CardRemovedNotice removed:
                Life.OnCardRemoved(removed);
                return true;
            case StopReader stop:
                Life.Retire(stop.Reason);
                return true;
            default:
                return false;
        }
    }

    internal void ChooseAutoAttach(bool enabled)
    {
        _autoAttachChoice = enabled;
        _manager.Tell(new ReaderAutoAttachChosen(_id, enabled));
        Sender.Tell(new AutoAttachChanged(_id, enabled));
    }

    // ---- Card and transaction bookkeeping --------------------------------------------------------------------------

    /// <summary>Adopts a handle only when SCardStatus says it is live and connected to this very reader. The issuing
    /// context must stay alive: on pcsc-lite releasing it kills the handle.</summary>
    private object Adopt(AttachByHandle adopt) => Link.AdoptionProblem(adopt.Handle, out var status, out var error) is { } problem
        ? Failure(ReaderFailureReason.InvalidHandle, problem, error == PcscError.Success ? null : error)
        : TakeCard(adopt.Handle, status.Protocol, adopt.ShareMode, status.Protocol, status.Atr);

    internal Attached TakeCard(nint card, CardProtocol active, ShareMode shareMode, CardProtocol requested, byte[]? atr = null)
    {
        var session = Link.Take(card, active, shareMode, requested, atr);
        Life.PendingReattach = null;
        BecomeAttached();
        var cardAtr = Link.Atr ?? [];
        Publish(new CardAttached(_id, session, active, shareMode, [.. cardAtr], DateTimeOffset.UtcNow));
        _manager.Tell(new ReaderAttachmentChanged(_id, shareMode, Link.RequestedProtocols));
        return new Attached(_id, session, active, shareMode, [.. cardAtr]);
    }

    internal TransactionBegun OpenLease(BeginTransaction begin)
    {
        var lease = new TransactionLease(TransactionId.New(), begin.Holder, DateTimeOffset.UtcNow + begin.MaxHold);
        Lease = lease;
        Timers.StartSingleTimer(LeaseTimerKey, new LeaseExpired(lease.Id), begin.MaxHold);
        BecomeInTransaction();
        return new TransactionBegun(_id, lease.Id, lease.Expires);
    }

    /// <summary>Forgets the transaction and its lease timer; harmless when none is open.</summary>
    internal void EndLease()
    {
        Timers.Cancel(LeaseTimerKey);
        Lease = null;
    }

    void IReaderSite.LeaveTransaction()
    {
        EndLease();
        BecomeAttached();
        Stash.UnstashAll();
    }

    void IReaderSite.Detached(SessionId? session, CardDisposition disposition)
    {
        EndLease();
        CardReleased(session, disposition, "detach requested", notifyManager: true);
        FailStash(ReaderFailureReason.NotAttached, "the session these requests waited for was detached");
        BecomeCardPresent();
    }

    /// <summary>CardDetached for the session that ended, and (unless the manager keeps it for re-attach) the news.</summary>
    internal void CardReleased(SessionId? session, CardDisposition disposition, string reason, bool notifyManager)
    {
        _securityState.Forget();
        if (session is { } ended)
        {
            Publish(new CardDetached(_id, ended, disposition, reason, DateTimeOffset.UtcNow));
        }

        if (notifyManager && session is not null)
        {
            _manager.Tell(new ReaderAttachmentChanged(_id, null, CardProtocol.Undefined));
        }
    }

    internal int Counter { get => _counter; set => _counter = value; }

    // ---- Failures, snapshot, stash ---------------------------------------------------------------------------------

    ReaderFailure IReaderSite.Fail(string operation, PcscError error, PcscCallKind kind) => Life.Fail(operation, error, kind);

    public ReaderFailure Failure(ReaderFailureReason reason, string message, PcscError? error = null)
    {
        var failure = new ReaderFailure(_id, reason, message, error);
        if (error is not null)
        {
            _lastError = failure;
        }

        return failure;
    }

    public void Publish(IFleetEvent fleetEvent) => Context.System.EventStream.Publish(fleetEvent);

    /// <summary>What the reader looks like now. Card data (ATR, protocol, share mode, session) only while a card is
    /// there: an empty, lost or faulted reader shows none of the card that left.</summary>
    internal ReaderSnapshot Snapshot()
    {
        var cardKnown = State is ReaderState.CardPresent or ReaderState.Attached or ReaderState.InTransaction;
        var attached = cardKnown && Link.HasHandle;
        var pending = LockWait.Pending;
        return new ReaderSnapshot(_id, _name, pending is { Blocked: true } ? ReaderState.BlockedByForeignTransaction : State,
            cardKnown && Link.Atr is { } atr ? [.. atr] : null, attached ? Link.Protocol : null, attached ? Link.ShareMode : null,
            attached ? Link.Session : null, _counter, Lease?.Label, AutoAttach, _lastError)
        {
            Busy = pending?.Busy(Now),
        };
    }

    /// <summary>Keeps the request for later, or refuses it with <paramref name="reason"/> when the stash is full.</summary>
    internal void StashOrRefuse(string why, ReaderFailureReason reason, string? holder = null)
    {
        if (Stash.Count >= _settings.StashCapacity)
        {
            Sender.Tell(Failure(reason, $"{why} and {Stash.Count} requests already wait") with { TransactionHolder = holder });
            return;
        }

        Stash.Stash();
    }

    /// <summary>Answers every stashed request with a failure and empties the stash: stale APDUs must never be replayed
    /// against a different session. Notices in the stash are dropped (the reader re-reads the card state when it starts).</summary>
    internal void FailStash(ReaderFailureReason reason, string message)
    {
        if (Stash is null || Stash.IsEmpty)
        {
            return;
        }

        foreach (var envelope in Stash.ClearStash())
        {
            if (envelope.Message is IReaderRequest or GetStatus or SetAutoAttach)
            {
                envelope.Sender.Tell(Failure(reason, message), Self);
            }
        }
    }

    /// <summary>Anything that is not a reader request gets a clear error instead of silence; timers of a transaction or
    /// lock wait that already ended are dropped.</summary>
    internal void RejectUnknown(object message)
    {
        if (message is LeaseExpired or ILateReaderTimer)
        {
            return;
        }

        Sender.Tell(Failure(ReaderFailureReason.InvalidRequest, $"{message.GetType().Name} is not a request this reader understands"));
    }

    /// <summary>A request naming a transaction when none is open gets that answer rather than the state's generic one.</summary>
    private ReaderFailure NotInTransactionOr(IReaderRequest request, ReaderFailureReason reason, string message) =>
        request.Transaction is { } id ? Work.TransactionNotOpen(id) : Failure(reason, message);

    /// <summary>Bad input is refused in every state with a clear message, before any PC/SC call.</summary>
    internal bool RejectInvalid(object message)
    {
        if (RequestValidation.Problem(message, _settings) is not { } problem)
        {
            return false;
        }

        Sender.Tell(Failure(ReaderFailureReason.InvalidRequest, problem));
        return true;
    }

    private const string LeaseTimerKey = "transaction-lease";

    private sealed record LeaseExpired(TransactionId Transaction);
}

/// <summary>A timer message of a reader that may arrive after what it timed ended (it is then dropped silently).</summary>
internal interface ILateReaderTimer;
