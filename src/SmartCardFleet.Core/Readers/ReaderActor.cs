using Akka.Actor;
using Akka.Event;
using SmartCardFleet.Core.Configuration;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Readers;

/// <summary>
/// One PC/SC reader. Runs on a dedicated thread (<see cref="ReaderSettings.DispatcherId"/>), owns its own context and
/// at most one card handle, and calls <see cref="IPcscApi"/> synchronously inside Receive: the mailbox serialises
/// every card access. States: NoCard → CardPresent → Attached → InTransaction, plus Faulted and ServiceLost
/// (files ReaderActor.*.cs, one concern each). Every request is answered with its success record or a
/// <see cref="ReaderFailure"/>.
/// </summary>
public sealed partial class ReaderActor : ReceiveActor, IWithTimers, IWithUnboundedStash
{
    private readonly IPcscApi _api;
    private readonly ReaderId _id;
    private readonly string _name;
    private readonly ReaderSettings _settings;
    private readonly PcscScope _scope;
    private readonly IActorRef _manager;
    private readonly ReaderCallGauge _gauge;
    private readonly AutoAttachChoice _autoAttachChoice;
    private readonly Action<BlockingCall> _reportUnblocked;
    private readonly SecurityStateGuard _securityState;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    private nint _context;
    private nint _card;
    private SessionId? _session;
    private CardProtocol _protocol;
    private ShareMode _shareMode;
    private CardProtocol _requestedProtocols;
    private byte[]? _atr;
    private int _counter;
    private ReaderState _state;
    private ReaderFailure? _lastError;
    private Reattach? _pendingReattach;

    public ReaderActor(IPcscApi api, ReaderId id, string readerName, ReaderSettings settings, PcscScope scope, IActorRef manager,
        ReaderCallGauge gauge, AutoAttachChoice autoAttach)
    {
        _api = api;
        _id = id;
        _name = readerName;
        _settings = settings;
        _scope = scope;
        _manager = manager;
        _gauge = gauge;
        _autoAttachChoice = autoAttach;
        _securityState = new SecurityStateGuard(settings.ResetAfterVerify);
        _reportUnblocked = call => manager.Tell(new BlockingCallEnded(id, call.Operation, gauge.Elapsed(call)));
        BecomeNoCard();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public IStash Stash { get; set; } = null!;

    /// <summary>Props for one reader on <see cref="ReaderSettings.DispatcherId"/>. <paramref name="manager"/> receives
    /// service-loss reports, attachment changes and the end of calls it reported blocked. <paramref name="gauge"/> is
    /// where the actor marks its potentially endless PC/SC calls for the manager to see; <paramref name="autoAttach"/>
    /// keeps a SetAutoAttach choice across re-creations of the actor from these Props.</summary>
    public static Props Props(IPcscApi api, ReaderId id, string readerName, ReaderSettings settings, PcscScope scope,
        IActorRef manager, ReaderCallGauge? gauge = null, AutoAttachChoice? autoAttach = null)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(settings);
        var callGauge = gauge ?? new ReaderCallGauge(TimeProvider.System);
        var choice = autoAttach ?? new AutoAttachChoice();
        return Akka.Actor.Props.Create(() => new ReaderActor(api, id, readerName, settings, scope, manager, callGauge, choice))
            .WithDispatcher(settings.DispatcherId);
    }

    protected override void PreStart()
    {
        _manager.Tell(new ReaderIncarnationChanged(_id, _gauge, Self, Running: true));
        var error = _api.EstablishContext(_scope, out _context);
        if (error != PcscError.Success)
        {
            _context = 0;
            HandleError("SCardEstablishContext", error, PcscCallKind.Context);
            if (_state is ReaderState.ServiceLost or ReaderState.Faulted)
            {
                return;
            }

            // Without a context the actor cannot work (e.g. NO_MEMORY at pcscd's context cap): fail the start so the
            // BackoffSupervisor retries with backoff and finally gives up with ReaderFaulted.
            throw new PcscException(error, "SCardEstablishContext", PcscCallKind.Context);
        }

        // Learn the reader's current state ourselves (timeout 0, UNAWARE): after a crash or a service restart the
        // monitor does not repeat insertions it already reported.
        var entry = new ReaderStateEntry(_name);
        error = _api.GetStatusChange(_context, TimeSpan.Zero, [entry]);
        if (error is PcscError.Success or PcscError.Timeout && entry.EventFlags.HasFlag(ReaderStateFlags.Present))
        {
            OnCardInserted(new CardInsertedNotice([.. entry.Atr], entry.EventCounter, entry.EventFlags.HasFlag(ReaderStateFlags.Mute)));
        }
        else if (error is not (PcscError.Success or PcscError.Timeout or PcscError.UnknownReader))
        {
            HandleError("SCardGetStatusChange", error, PcscCallKind.Context);
        }
    }

    /// <summary>Always disconnects (with the explicit default disposition) and releases the context, also after a crash,
    /// and answers whatever still waits in the stash so no request is left without a reply.</summary>
    protected override void PostStop()
    {
        _manager.Tell(new ReaderIncarnationChanged(_id, _gauge, Self, Running: false));
        FailStash(ReaderFailureReason.ReaderGone, "the reader actor stopped");
        ReleaseCard(_settings.DefaultDisposition, "reader actor stopped", notifyManager: false);
        if (_context != 0)
        {
            _api.ReleaseContext(_context);
            _context = 0;
        }
    }

    /// <summary>A bug (exception) crashes the actor so the BackoffSupervisor restarts it with a fresh context, but the
    /// request that hit it is still answered first.</summary>
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

    private void Publish(IFleetEvent fleetEvent) => Context.System.EventStream.Publish(fleetEvent);

    /// <summary>The client's SetAutoAttach choice (kept outside the actor, see <see cref="AutoAttachChoice"/>), else the setting.</summary>
    private bool AutoAttach => _autoAttachChoice.Value ?? _settings.AutoAttach;

    /// <summary>Marks a PC/SC call that may not come back soon, so the manager can answer for this reader meanwhile.
    /// Dispose when the call returned.</summary>
    private ReaderCallGauge.Scope Blocking(string operation, BlockingCallKind kind)
    {
        if (kind == BlockingCallKind.LockWait)
        {
            _manager.Tell(LockWaitStarted.Instance);
        }

        return _gauge.Enter(operation, kind, Snapshot(), _reportUnblocked);
    }

    private ReaderFailure Failure(ReaderFailureReason reason, string message, PcscError? error = null)
    {
        var failure = new ReaderFailure(_id, reason, message, error);
        if (error is not null)
        {
            _lastError = failure;
        }

        return failure;
    }

    private ReaderSnapshot Snapshot() => new(
        _id, _name, _state, _atr is null ? null : [.. _atr],
        _card != 0 ? _protocol : null, _card != 0 ? _shareMode : null, _session, _counter,
        _transaction is null ? null : (_transactionHolder ?? _transaction.Value.ToString()),
        AutoAttach, _lastError);

    /// <summary>Messages every state answers the same way.</summary>
    private bool HandleCommon(object message)
    {
        switch (message)
        {
            case GetStatus:
                Sender.Tell(Snapshot());
                return true;
            case SetAutoAttach set:
                _autoAttachChoice.Value = set.Enabled;
                Sender.Tell(new AutoAttachChanged(_id, set.Enabled));
                return true;
            case CardInsertedNotice inserted:
                OnCardInserted(inserted);
                return true;
            case CardRemovedNotice removed:
                OnCardRemoved(removed);
                return true;
            case StopReader:
                Context.Stop(Self);
                return true;
            default:
                return false;
        }
    }
}
