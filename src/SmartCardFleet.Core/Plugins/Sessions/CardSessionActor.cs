using Akka.Actor;
using Microsoft.Extensions.Logging;
using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Abstractions.Plugins;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Plugins.Loading;
using SmartCardFleet.Core.Readers;

namespace SmartCardFleet.Core.Plugins.Sessions;

/// <summary>
/// One attached card: runs its work items (<see cref="IdentificationRun"/>, <see cref="OperationRun"/>, the
/// <see cref="SessionLifecycle"/> steps) one at a time and keeps the <see cref="CardSessionState"/> between them.
/// Plugin code runs on the plugin's own threads under deadlines (docs/plugin-isolation.md); every APDU goes to the
/// reader actor. Requests arriving while a work item runs wait in the stash. Replies go straight from the work item to the requester, so a requester is
/// answered even when the card is detached (and this actor stopped) in the middle of an operation.
/// </summary>
internal sealed class CardSessionActor : ReceiveActor, IWithUnboundedStash
{
    private readonly ReaderId _readerId;
    private readonly Atr _atr;
    private readonly CardWorkContext _card;
    private CancellationTokenSource _resetSource = new();
    private CardSessionState _state = CardSessionState.Unidentified;
    private bool _resetDuringWork;
    private (bool Pending, LoadedPlugin? Plugin) _swap;
    private Task<CardSessionState>? _work;

    public CardSessionActor(CardSessionSetup setup)
    {
        _readerId = setup.ReaderId;
        _atr = setup.ParsedAtr;
        var host = Context.Parent;
        var self = Self;
        var settings = setup.Settings;
        _card = new CardWorkContext(setup.ReaderId, setup.CardSession, setup.Atr,
            new ReaderTransactions(setup.Readers, setup.ReaderId, settings.ReaderRequestTimeout),
            plugin => new ReaderCardChannel(setup.Readers, setup.ReaderId, setup.Reader, setup.ParsedAtr, settings.ReaderRequestTimeout,
                [.. plugin.Manifest.SensitiveInstructions], CurrentResetToken, setup.Log)
            {
                Observer = settings.ApduObserver,
                PluginId = plugin.Id,
            },
            settings, setup.Log, report => host.Tell(report, self))
        {
            Time = settings.DeadlineClock,
        };
        BecomeIdle();
    }

    public IStash Stash { get; set; } = null!;

    public static Props Props(CardSessionSetup setup) => Akka.Actor.Props.Create(() => new CardSessionActor(setup));

    /// <summary>Stashed requests are answered; an idle session is closed now, a busy one when its work item ends.</summary>
    protected override void PostStop()
    {
        foreach (var envelope in Stash.ClearStash())
        {
            if (envelope.Message is RunOperation run)
            {
                envelope.Sender.Tell(new OperationFailed(run.ReaderId, OperationFailureReason.NoCard, "the card was detached before the operation ran"));
            }
        }

        _resetSource.Cancel();
        _resetSource.Dispose();
        var card = _card;
        if (_work is { } work)
        {
            _ = work.ContinueWith(done => SessionLifecycle.CloseAsync(card, done.IsCompletedSuccessfully ? done.Result : CardSessionState.Unidentified),
                CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
        else
        {
            _ = SessionLifecycle.CloseAsync(card, _state);
        }
    }

    private void BecomeIdle() => Become(() =>
    {
        Receive<IdentifyCard>(identify => StartWork(SessionLifecycle.IdentifyAgainAsync(_card, _state, identify)));
        Receive<RunOperation>(OnRunOperation);
        Receive<CardWasReset>(_ => OnCardWasReset(runNow: true));
        Receive<UsePlugin>(use => StartWork(SessionLifecycle.SwapAsync(_card, _state, use.Plugin)));
        Receive<EndCardSession>(_ => Context.Stop(Self));
    });

    private void BecomeBusy() => Become(() =>
    {
        Receive<WorkDone>(OnWorkDone);
        // The token must fire at once so an operation in flight stops between exchanges.
        Receive<CardWasReset>(_ => OnCardWasReset(runNow: false));
        Receive<UsePlugin>(use => _swap = (true, use.Plugin));
        // The running work item answers its own requester; PostStop answers what waits in the stash.
        Receive<EndCardSession>(_ => Context.Stop(Self));
        ReceiveAny(_ => Stash.Stash());
    });

    private void StartWork(Task<CardSessionState> work)
    {
        _work = work;
        BecomeBusy();
        // Work items catch everything themselves; this is the last guard so the actor never stays busy.
        var fallback = _state with { Session = null, Channel = null, ResetPending = true };
        work.PipeTo(Self, success: state => new WorkDone(state), failure: _ => new WorkDone(fallback));
    }

    private void OnWorkDone(WorkDone done)
    {
        _work = null;
        // A reset seen while the work ran is newer than anything the work item knew.
        _state = done.State with { ResetPending = done.State.ResetPending || _resetDuringWork };
        _resetDuringWork = false;
        BecomeIdle();
        if (_swap.Pending)
        {
            var next = _swap.Plugin;
            _swap = (false, null);
            StartWork(SessionLifecycle.SwapAsync(_card, _state, next));
            return;
        }

        if (_state is { ResetPending: true, Session: not null })
        {
            StartWork(SessionLifecycle.NotifyResetAsync(_card, _state));
            return;
        }

        Stash.UnstashAll();
    }

    private void OnRunOperation(RunOperation run)
    {
        if (_state is not { Identified: true, Plugin: { } plugin })
        {
            Sender.Tell(new OperationFailed(_readerId, OperationFailureReason.NotIdentified, $"no plugin accepted the card in reader {_readerId} (ATR {_atr})"));
            return;
        }

        if (OperationArgumentCheck.Problem(plugin.Manifest, run.Operation, run.Arguments) is { } problem)
        {
            Sender.Tell(new OperationFailed(_readerId, OperationFailureReason.InvalidArgument, problem, plugin.Id));
            return;
        }

        var requester = Sender;
        StartWork(new OperationRun(_card).RunAsync(run, reply => requester.Tell(reply), _state));
    }

    private void OnCardWasReset(bool runNow)
    {
        var old = _resetSource;
        _resetSource = new CancellationTokenSource();
        old.Cancel();
        old.Dispose();
        _state = _state with { ResetPending = true };
        _resetDuringWork |= !runNow;
        if (runNow && _state.Session is not null)
        {
            StartWork(SessionLifecycle.NotifyResetAsync(_card, _state));
        }
    }

    private CancellationToken CurrentResetToken()
    {
        // Read from plugin threads: a token of a disposed source is still safe to observe.
        var source = Volatile.Read(ref _resetSource);
        try
        {
            return source.Token;
        }
        catch (ObjectDisposedException)
        {
            return new CancellationToken(canceled: true);
        }
    }
}

/// <summary>What a card's session actor is started with.</summary>
internal sealed record CardSessionSetup(ReaderId ReaderId, ReaderInfo Reader, SessionId CardSession, byte[] Atr, Atr ParsedAtr,
    ReaderRequests Readers, PluginHostSettings Settings, ILogger Log);
