using Akka.Actor;
using Akka.Event;
using SmartCardFleet.Core.Configuration;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Pcsc;
using SmartCardFleet.Core.Messaging;

namespace SmartCardFleet.Core.Readers;

/// <summary>
/// One PC/SC reader: the state table. Runs on its pinned thread (<see cref="ReaderSettings.DispatcherId"/>), owns a
/// <see cref="CardLink"/> (context + at most one handle) and does bounded card I/O inline (<see cref="CardWork"/>).
/// SCardConnect and SCardBeginTransaction, which may wait as long as another process wants, run on its
/// <see cref="LockWaiter"/>; meanwhile the actor is in a pending state of its own (<see cref="ReaderLockWait"/>).
/// Lifecycle (start, restart backoff, retirement) is in <see cref="ReaderLife"/>. Every request is answered with its
/// success record or a <see cref="ReaderFailure"/>. docs/reader-actors.md.
/// </summary>
internal sealed class ReaderActor : ReceiveActor, IWithTimers, IWithUnboundedStash
{
    public ReaderActor(IPcscApi api, ReaderId id, string readerName, ReaderSettings settings, PcscScope scope, IActorRef manager,
        ReaderTimings timings, bool? autoAttachChoice)
    {
        ReaderId = id;
        ReaderName = readerName;
        Settings = settings;
        Manager = manager;
        AutoAttachChoice = autoAttachChoice;
        Log = ActorBase.Context.GetLogger();
        var securityState = new SecurityStateGuard(settings.ResetAfterVerify);
        Link = new CardLink(api, readerName, scope);
        Session = new ReaderSession(this, securityState);
        Work = new CardWork(Link, settings, securityState, Session);
        Presence = new ReaderPresence(this);
        LockWait = new ReaderLockWait(this, timings.ForeignLockThreshold);
        Life = new ReaderLife(this, timings);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public IStash Stash { get; set; } = null!;

    internal CardLink Link { get; }

    internal CardWork Work { get; }

    internal ReaderLockWait LockWait { get; }

    internal ReaderLife Life { get; }

    internal ReaderSession Session { get; }

    internal ReaderPresence Presence { get; }

    internal int Counter { get; set; }

    internal ReaderState State { get; private set; }

    internal ILoggingAdapter Log { get; }

    internal ReaderId ReaderId { get; }

    internal string ReaderName { get; }

    internal ReaderSettings Settings { get; }

    internal IActorRef Manager { get; }

    internal new IActorContext Context => ActorBase.Context;

    internal DateTimeOffset Now => Context.System.Scheduler.Now;

    /// <summary>The client's SetAutoAttach choice (handed on across restarts and service recovery), else the setting.</summary>
    internal bool AutoAttach => AutoAttachChoice ?? Settings.AutoAttach;

    internal bool? AutoAttachChoice { get; set; }

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
            Sender.Tell(new ReaderFailure(ReaderId, ReaderFailureReason.ReaderGone,
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
            ? Session.Failure(ReaderFailureReason.NotAttached, "no card handle to detach")
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
                Presence.OnReattach(reattach);
                break;
            case AttachByHandle adopt:
                Sender.Tell(Presence.Adopt(adopt));
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
                Presence.OnReattach(reattach);
                break;
            case IReaderRequest { Transaction: { } stale } and not EndTransaction:
                Sender.Tell(Work.TransactionNotOpen(stale));
                break;
            case BeginTransaction begin:
                LockWait.BeginTransaction(begin, Sender);
                break;
            case TransmitBatch { Atomic: true } batch:
                LockWait.BeginTransaction(new BeginTransaction(Settings.MaxTransactionHold, "batch"), Sender, batch);
                break;
            default:
                Answer(message);
                break;
        }
    });

    internal void BecomeInTransaction() => BecomeState(ReaderState.InTransaction, message =>
    {
        switch (message)
        {
            case LeaseExpired expired when Session.Lease?.Id == expired.Transaction:
                Log.Warning("Reader {0}: transaction {1} of {2} expired", ReaderId, expired.Transaction, Session.Lease.Holder ?? "unnamed holder");
                Work.LeaseExpired(Session.Lease);
                break;
            case IReaderRequest request when Session.Lease!.Is(request.Transaction):
                Answer(message);
                break;
            case IReaderRequest or Reattach:
                Session.StashOrRefuse($"a transaction holds the reader", ReaderFailureReason.BusyInTransaction, Session.Lease!.Label);
                break;
            default:
                RejectUnknown(message);
                break;
        }
    });

    /// <summary>Attached work (<see cref="CardWork.Answer"/>); anything else gets a clear error.</summary>
    private void Answer(object message)
    {
        if (message is IReaderRequest)
        {
            Work.Answer(message, Sender);
        }
        else
        {
            RejectUnknown(message);
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
                Sender.Tell(Session.Snapshot());
                return true;
            case SetAutoAttach set:
                Session.ChooseAutoAttach(set.Enabled);
                return true;
            case CardInsertedNotice inserted:
                Presence.OnCardInserted(inserted);
                return true;
            case CardRemovedNotice removed:
                Presence.OnCardRemoved(removed);
                return true;
            case StopReader stop:
                Life.Retire(stop.Reason);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Anything that is not a reader request gets a clear error instead of silence; timers of a transaction or
    /// lock wait that already ended are dropped.</summary>
    internal void RejectUnknown(object message)
    {
        if (message is ILateReaderTimer)
        {
            return;
        }

        Sender.Tell(Session.Failure(ReaderFailureReason.InvalidRequest, $"{message.GetType().Name} is not a request this reader understands"));
    }

    /// <summary>A request naming a transaction when none is open gets that answer rather than the state's generic one.</summary>
    private ReaderFailure NotInTransactionOr(IReaderRequest request, ReaderFailureReason reason, string message) =>
        request.Transaction is { } id ? Work.TransactionNotOpen(id) : Session.Failure(reason, message);

    /// <summary>Bad input is refused in every state with a clear message, before any PC/SC call.</summary>
    internal bool RejectInvalid(object message)
    {
        if (RequestValidation.Problem(message, Settings) is not { } problem)
        {
            return false;
        }

        Sender.Tell(Session.Failure(ReaderFailureReason.InvalidRequest, problem));
        return true;
    }

}

/// <summary>A timer message of a reader that may arrive after what it timed ended (it is then dropped silently).</summary>
internal interface ILateReaderTimer : ILocalOnlyMessage;
