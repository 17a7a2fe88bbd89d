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
/// One attached card: identifies it, holds its <see cref="ICardSession"/>, and runs work items (identification,
/// operations, reset notices) one at a time. Plugin code runs as plain async code on the ThreadPool; every APDU goes
/// to the reader actor, which does the blocking PC/SC call on its own thread. Requests arriving while a work item
/// runs wait in the stash. Replies go straight from the work item to the requester, so a requester is answered even
/// when the card is detached (and this actor stopped) in the middle of an operation.
/// </summary>
internal sealed partial class CardSessionActor : ReceiveActor, IWithUnboundedStash
{
    private readonly ReaderId _readerId;
    private readonly ReaderInfo _reader;
    private readonly SessionId _cardSession;
    private readonly byte[] _atrBytes;
    private readonly Atr _atr;
    private readonly ReaderRequests _readers;
    private readonly PluginHostSettings _settings;
    private readonly ILogger _log;
    private readonly IActorRef _host;
    private readonly IActorRef _self;
    private CancellationTokenSource _resetSource = new();
    private LoadedPlugin? _plugin;
    private ICardSession? _session;
    private ReaderCardChannel? _channel;
    private bool _resetPending;
    private bool _resetDuringWork;
    private bool _identified;
    private LoadedPlugin? _pendingSwap;
    private bool _swapPending;
    private Task<WorkDone>? _work;

    public CardSessionActor(ReaderId readerId, ReaderInfo reader, SessionId cardSession, byte[] atr, Atr parsedAtr, ReaderRequests readers,
        PluginHostSettings settings, ILogger log)
    {
        _readerId = readerId;
        _reader = reader;
        _cardSession = cardSession;
        _atrBytes = atr;
        _atr = parsedAtr;
        _readers = readers;
        _settings = settings;
        _log = log;
        _host = Context.Parent;
        _self = Self;
        BecomeIdle();
    }

    public IStash Stash { get; set; } = null!;

    public static Props Props(ReaderId readerId, ReaderInfo reader, SessionId cardSession, byte[] atr, Atr parsedAtr, ReaderRequests readers,
        PluginHostSettings settings, ILogger log) =>
        Akka.Actor.Props.Create(() => new CardSessionActor(readerId, reader, cardSession, atr, parsedAtr, readers, settings, log));

    /// <summary>Stashed requests are answered; an idle session is disposed now, a busy one when its work item ends.</summary>
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
        var host = _host;
        if (_work is { } work)
        {
            _ = work.ContinueWith(done => CloseSession(done.IsCompletedSuccessfully ? done.Result.Plugin : null,
                done.IsCompletedSuccessfully ? done.Result.Session : null, done.IsCompletedSuccessfully ? done.Result.Channel : null, host),
                CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
        else
        {
            _ = CloseSession(_plugin, _session, _channel, host);
        }
    }

    private void BecomeIdle() => Become(() =>
    {
        Receive<IdentifyCard>(identify => StartWork(IdentifyAsync(identify)));
        Receive<RunOperation>(OnRunOperation);
        Receive<CardWasReset>(_ => OnCardWasReset(runNow: true));
        Receive<UsePlugin>(use => StartWork(SwapAsync(use.Plugin, _plugin, _session, _channel)));
        Receive<EndCardSession>(_ => Context.Stop(Self));
    });

    private void BecomeBusy() => Become(() =>
    {
        Receive<WorkDone>(OnWorkDone);
        // The token must fire at once so an operation in flight stops between exchanges.
        Receive<CardWasReset>(_ => OnCardWasReset(runNow: false));
        Receive<UsePlugin>(use =>
        {
            _pendingSwap = use.Plugin;
            _swapPending = true;
        });
        // The running work item answers its own requester; PostStop answers what waits in the stash.
        Receive<EndCardSession>(_ => Context.Stop(Self));
        ReceiveAny(_ => Stash.Stash());
    });

    private void StartWork(Task<WorkDone> work)
    {
        _work = work;
        BecomeBusy();
        // Work items catch everything themselves; this is the last guard so the actor never stays busy.
        var plugin = _plugin;
        var identified = _identified;
        work.PipeTo(Self, failure: _ => new WorkDone(plugin, null, null, true, identified));
    }

    private void OnWorkDone(WorkDone done)
    {
        _work = null;
        _plugin = done.Plugin;
        _session = done.Session;
        _channel = done.Channel;
        // A reset seen while the work ran is newer than anything the work item knew.
        _resetPending = done.ResetPending || _resetDuringWork;
        _resetDuringWork = false;
        _identified = done.Identified;
        BecomeIdle();
        if (_swapPending)
        {
            _swapPending = false;
            StartWork(SwapAsync(_pendingSwap, _plugin, _session, _channel));
            _pendingSwap = null;
            return;
        }

        if (_resetPending && _session is not null)
        {
            StartWork(NotifyResetAsync(_plugin, _session, _channel));
            return;
        }

        Stash.UnstashAll();
    }

    private void OnRunOperation(RunOperation run)
    {
        if (!_identified || _plugin is null)
        {
            Sender.Tell(new OperationFailed(_readerId, OperationFailureReason.NotIdentified,
                $"no plugin accepted the card in reader {_readerId} (ATR {_atr})"));
            return;
        }

        if (OperationArgumentCheck.Problem(_plugin.Manifest, run.Operation, run.Arguments) is { } problem)
        {
            Sender.Tell(new OperationFailed(_readerId, OperationFailureReason.InvalidArgument, problem, _plugin.Id));
            return;
        }

        StartWork(OperationAsync(run, Sender, _plugin, _session, _channel, _resetPending));
    }

    private void OnCardWasReset(bool runNow)
    {
        var old = _resetSource;
        _resetSource = new CancellationTokenSource();
        old.Cancel();
        old.Dispose();
        _resetPending = true;
        _resetDuringWork |= !runNow;
        if (runNow && _session is not null)
        {
            StartWork(NotifyResetAsync(_plugin, _session, _channel));
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

    /// <summary>The reader failed or did not answer (not the plugin): such a step ends with the reader's failure and
    /// does not count against the plugin.</summary>
    private static bool IsReaderFailure(Exception ex) => ex is ReaderRequestException or AskTimeoutException;

    private ReaderCardChannel NewChannel(LoadedPlugin plugin) => new(_readers, _readerId, _reader, _atr, _settings.ReaderRequestTimeout,
        [.. plugin.Manifest.SensitiveInstructions], CurrentResetToken, _log)
    {
        Observer = _settings.ApduObserver,
        PluginId = plugin.Id,
    };

    private async Task<WorkDone> CloseSession(LoadedPlugin? plugin, ICardSession? session, ReaderCardChannel? channel, IActorRef host)
    {
        channel?.Close();
        if (session is null || plugin is null)
        {
            return new WorkDone(plugin, null, null, false, plugin is not null);
        }

        try
        {
            await session.DisposeAsync();
        }
        catch (Exception)
        {
            // A plugin failing to dispose must not keep the host from releasing its version.
        }

        host.Tell(new SessionClosedReport(plugin), _self);
        return new WorkDone(plugin, null, null, false, true);
    }
}
