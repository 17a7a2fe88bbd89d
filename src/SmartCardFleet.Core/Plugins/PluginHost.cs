using Akka.Actor;
using Microsoft.Extensions.Logging;
using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Abstractions.Text;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Plugins.Hosting;
using SmartCardFleet.Core.Plugins.Loading;
using SmartCardFleet.Core.Plugins.Sessions;
using SmartCardFleet.Core.Readers;

namespace SmartCardFleet.Core.Plugins;

/// <summary>
/// One per station, beside the <see cref="ReaderManager"/>. Follows cards through the EventStream (CardAttached /
/// CardDetached / CardRemoved / CardReset), runs one <see cref="CardSessionActor"/> per attached card, routes
/// <see cref="RunOperation"/> by ReaderId, and reloads plugins when their folder changes or on
/// <see cref="ReloadPlugins"/>. The decisions live in plain classes: <see cref="CardTable"/> (which card actor serves
/// which reader), <see cref="CardPluginBook"/> (identification, quarantine, what a reload means for a card),
/// <see cref="PluginHostLoading"/> (loading, one read at a time) and <see cref="ReaderLookup"/>; this actor only moves messages between them.
/// </summary>
/// <remarks>Plugins never see Akka: they get an ICardChannel whose APDUs the card actor sends to the reader actor. No
/// plugin code runs on this actor: loading is read off it (<see cref="PluginsRead"/>), Match and every other call run on
/// the plugin's own threads from the card's work items (docs/plugin-isolation.md).</remarks>
public sealed class PluginHost : ReceiveActor, IWithTimers, IWithUnboundedStash
{
    private const string RelistTimerKey = "relist-readers";

    private readonly IActorRef _manager;
    private readonly ReaderRequests _readers;
    private readonly PluginHostSettings _settings;
    private readonly ILogger _log;
    private readonly ILoggerFactory _loggerFactory;
    private readonly PluginRegistry _registry = new();
    private readonly CardTable _cards = new();
    private readonly CardPluginBook _book;
    private readonly PluginHostLoading _loading;
    private PluginDirectoryWatcher? _watcher;

    public PluginHost(IActorRef manager, PluginHostSettings settings, IPluginCatalog catalog, ILoggerFactory loggerFactory)
    {
        _manager = manager;
        _readers = new ReaderRequests(Context.System, manager);
        _settings = settings;
        _log = loggerFactory.CreateLogger<PluginHost>();
        _loggerFactory = loggerFactory;
        _book = new CardPluginBook(_registry, settings, _log);
        _loading = new PluginHostLoading(new PluginReloader(catalog, _registry, _log), Self, _log);
        Starting();
    }

    public IStash Stash { get; set; } = null!;

    /// <summary>Until the first load is applied nothing is served (requests and card events wait in the stash), so no
    /// card is identified against an empty plugin list. Loading runs off this actor (plugin constructors may block).</summary>
    private void Starting()
    {
        ReceiveLoads(then: Serve);
        ReceiveAny(_ => Stash.Stash());
    }

    /// <summary>A load read off this actor came back: apply it, then <paramref name="then"/>.</summary>
    private void ReceiveLoads(Action then)
    {
        Receive<PluginsRead>(read =>
        {
            Apply(_loading.Apply(read));
            then();
        });
        Receive<PluginsReadFailed>(failed =>
        {
            _loading.Failed(failed);
            then();
        });
    }

    private void Serve()
    {
        Become(Serving);
        var self = Self;
        _watcher = _settings.WatchPluginDirectory ? _loading.Watch(folder => self.Tell(new PluginFolderChanged(folder))) : null;
        // Cards attached before this host started produced no event we could see: learn them from the readers.
        _manager.Tell(ListReaders.Instance);
        LoadApplied();
        Stash.UnstashAll();
    }

    private void Serving()
    {
        Receive<CardAttached>(attached => StartCard(attached.ReaderId, attached.Session, attached.Atr));
        Receive<CardDetached>(detached => StopCard(detached.ReaderId, detached.Session));
        Receive<CardRemoved>(removed => StopCard(removed.ReaderId, null));
        Receive<ReaderRemoved>(removed => StopCard(removed.ReaderId, null));
        Receive<ReaderAdded>(added => _cards.RememberName(added.ReaderId, added.ReaderName));
        Receive<CardReset>(reset => _cards.Find(reset.ReaderId ?? default, reset.Session)?.Actor.Tell(CardWasReset.Instance));
        Receive<ReaderList>(OnReaderList);
        Receive<ReaderFailure>(OnListingFailed);
        Receive<ServiceRestored>(_ => ListReadersAgain());
        Receive<RelistReaders>(_ => ListReadersAgain());
        Receive<RunOperation>(OnRunOperation);
        Receive<ReaderLookedUp>(OnReaderLookedUp);
        Receive<IdentificationReport>(OnIdentified);
        Receive<SessionOpenedReport>(opened => _registry.SessionOpened(opened.Plugin));
        Receive<SessionClosedReport>(closed => _registry.SessionClosed(closed.Plugin));
        Receive<OperationOutcomeReport>(OnOperationOutcome);
        Receive<PluginFaultReport>(fault => PublishQuarantine(_book.Faulted(fault.ReaderId, fault.Plugin, fault.Message, DateTimeOffset.UtcNow)));
        Receive<GetPluginStatus>(_ => Sender.Tell(Status()));
        Receive<GetCardIdentification>(query => Sender.Tell(_cards.Identification(query.ReaderId)));
        Receive<Terminated>(OnCardActorStopped);
        Receive<ReloadPlugins>(_ => Load(PluginLoadRequest.Everything, Sender));
        Receive<ReloadOnePlugin>(OnReloadOnePlugin);
        Receive<ClearQuarantine>(OnClearQuarantine);
        Receive<PluginFolderChanged>(OnFolderChanged);
        Receive<ReloadFolderDue>(due => Load(PluginLoadRequest.OneFolder(due.Folder), null));
        ReceiveLoads(then: LoadApplied);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props of the station's plugin host. <paramref name="manager"/> is the ReaderManager: every APDU a
    /// plugin sends goes to its reader by ReaderId (see <see cref="ReaderRequests"/>).</summary>
    public static Props Props(IActorRef manager, PluginHostSettings settings, IPluginCatalog catalog, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var validated = (settings ?? new PluginHostSettings()).Validate();
        return Akka.Actor.Props.Create(() => new PluginHost(manager, validated, catalog, loggerFactory));
    }

    /// <summary>Props with the McMaster-based catalog on <see cref="PluginHostSettings.PluginDirectory"/>.</summary>
    public static Props Props(IActorRef manager, PluginHostSettings settings, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        return Props(manager, settings, new McMasterPluginCatalog(settings.PluginDirectory, loggerFactory.CreateLogger<McMasterPluginCatalog>(),
            settings.LoadTimeout, settings.MaxStuckThreadsPerPlugin), loggerFactory);
    }

    /// <summary>A card actor that throws is stopped, not restarted: a restart would lose its session and
    /// identification silently. The card is reported unidentified instead.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    protected override void PreStart()
    {
        var events = Context.System.EventStream;
        foreach (var type in new[] { typeof(CardAttached), typeof(CardDetached), typeof(CardRemoved), typeof(CardReset), typeof(ReaderAdded), typeof(ReaderRemoved), typeof(ServiceRestored) })
        {
            events.Subscribe(Self, type);
        }

        Load(PluginLoadRequest.Start, null);
    }

    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        _watcher?.Dispose();
        _registry.DisposeAll();
    }

    private void StartCard(ReaderId? id, SessionId session, byte[] atr)
    {
        if (id is not { } readerId || _cards.Holds(readerId, session))
        {
            return;
        }

        StopCard(readerId, null);
        if (!Atr.TryParse(atr, out var parsed))
        {
            Publish(new CardUnidentified(readerId, [.. atr], $"the ATR {Hex.Format(atr, ' ')} is not a valid answer to reset", DateTimeOffset.UtcNow));
            return;
        }

        var setup = new CardSessionSetup(readerId, _cards.Reader(readerId), session, [.. atr], parsed, _readers, _settings,
            _loggerFactory.CreateLogger("SmartCardFleet.Core.Plugins.CardSession"));
        var actor = Context.ActorOf(CardSessionActor.Props(setup), _cards.NextActorName(readerId));
        Context.Watch(actor);
        var entry = new CardEntry(readerId, session, [.. atr], parsed, actor);
        _cards.Add(entry);
        Identify(entry);
    }

    private void Identify(CardEntry entry) => entry.Actor.Tell(_book.Identify(entry));

    /// <summary>A message, not <c>Context.Stop</c>, so the RunOperation forwarded just before is still answered.</summary>
    private void StopCard(ReaderId? id, SessionId? session)
    {
        if (id is { } readerId && _cards.Remove(readerId, session) is { } entry)
        {
            Context.Unwatch(entry.Actor);
            entry.Actor.Tell(EndCardSession.Instance);
        }
    }

    private void OnCardActorStopped(Terminated terminated)
    {
        if (_cards.RemoveActor(terminated.ActorRef) is { } entry)
        {
            PluginHostLog.CardActorFailed(_log, entry.ReaderId.Value, null);
            Publish(new CardUnidentified(entry.ReaderId, [.. entry.Atr], "the card's session actor failed; reinsert or reattach the card", DateTimeOffset.UtcNow));
        }
    }

    private void OnReaderList(ReaderList list)
    {
        foreach (var reader in list.Readers)
        {
            _cards.RememberName(reader.ReaderId, reader.ReaderName);
            if (reader is { Session: { } session, Atr: { } atr } && !_cards.Holds(reader.ReaderId))
            {
                StartCard(reader.ReaderId, session, atr);
            }
        }
    }

    /// <summary>The only ReaderFailure sent to this actor itself (every other reader request is an ask) answers
    /// ListReaders. The start-up listing fails while the PC/SC service is down; it is asked again on ServiceRestored,
    /// and after <see cref="PluginHostSettings.RelistDelay"/> in case none follows.</summary>
    private void OnListingFailed(ReaderFailure failure)
    {
        PluginHostLog.ListingFailed(_log, failure.Reason.ToString(), failure.Message, null);
        Timers.StartSingleTimer(RelistTimerKey, RelistReaders.Instance, _settings.RelistDelay);
    }

    /// <summary>Cards already known with the same session are left alone, so listing again is harmless.</summary>
    private void ListReadersAgain()
    {
        Timers.Cancel(RelistTimerKey);
        _manager.Tell(ListReaders.Instance);
    }

    private void OnRunOperation(RunOperation run)
    {
        if (run.ReaderId.Value is null || string.IsNullOrWhiteSpace(run.Operation))
        {
            Sender.Tell(new OperationFailed(run.ReaderId, OperationFailureReason.InvalidArgument, "RunOperation needs a reader id and an operation name"));
            return;
        }

        if (_cards.Find(run.ReaderId) is not { } entry)
        {
            ReaderLookup.AskAsync(_readers, run, Sender, _settings.ReaderRequestTimeout).PipeTo(Self);
            return;
        }

        if (_book.Quarantined(entry) is { } refusal)
        {
            Sender.Tell(refusal);
            return;
        }

        entry.Actor.Forward(run);
    }

    private void OnReaderLookedUp(ReaderLookedUp looked)
    {
        var run = looked.Run;
        if (_cards.Find(run.ReaderId) is null && looked.Decision is { Session: { } session, Atr: { } atr })
        {
            // Attached a moment ago; its CardAttached event is still on the way.
            StartCard(run.ReaderId, session, atr);
        }

        if (_cards.Find(run.ReaderId) is { } entry)
        {
            entry.Actor.Tell(run, looked.Requester);
            return;
        }

        looked.Requester.Tell(looked.Decision.Failure ?? new OperationFailed(run.ReaderId, OperationFailureReason.NotIdentified,
            $"the card in reader {run.ReaderId} could not be tracked"));
    }

    private void OnIdentified(IdentificationReport report)
    {
        if (_cards.Find(report.ReaderId, report.Session) is not { } entry || !Sender.Equals(entry.Actor))
        {
            return;
        }

        Apply(entry, _book.Identified(entry, report, DateTimeOffset.UtcNow));
    }

    private void OnOperationOutcome(OperationOutcomeReport outcome) => PublishQuarantine(_book.OperationEnded(outcome, DateTimeOffset.UtcNow));

    private void PublishQuarantine(PluginQuarantined? quarantined)
    {
        if (quarantined is not null)
        {
            Publish(quarantined);
        }
    }

    /// <summary>The catalog with the readers each plugin holds a card in.</summary>
    private PluginCatalogStatus Status() =>
        _registry.Status(_cards.Entries.Where(e => e.Plugin is not null).Select(e => (e.ReaderId, e.Plugin!.Id)));

    /// <summary>One folder again, as if its files had changed: the same path as a hot reload, off this actor; the
    /// requester gets the status once the load is applied.</summary>
    private void OnReloadOnePlugin(ReloadOnePlugin reload)
    {
        if (reload.PluginId is not { } id || _registry.FolderOf(id) is not { } folder)
        {
            Sender.Tell(UnknownPlugin(reload.PluginId));
            return;
        }

        Load(PluginLoadRequest.OneFolder(folder), Sender);
    }

    /// <summary>The plugin is a candidate again, so cards are looked at again as after a reload (a card the fallback took
    /// while it was quarantined may be its own).</summary>
    private void OnClearQuarantine(ClearQuarantine clear)
    {
        if (clear.PluginId is not { } id || _registry.Find(id) is not { } plugin)
        {
            Sender.Tell(UnknownPlugin(clear.PluginId));
            return;
        }

        if (!_registry.ClearQuarantine(id))
        {
            Sender.Tell(new PluginCommandFailed(id, PluginCommandFailureReason.NotQuarantined,
                $"plugin {id} {plugin.Version} is not quarantined; there is no quarantine to clear"));
            return;
        }

        PluginHostLog.QuarantineCleared(_log, id, plugin.Version, null);
        Publish(new PluginQuarantineCleared(null, id, DateTimeOffset.UtcNow));
        Apply(new PluginReloader.Result([], RefreshCards: true));
        Sender.Tell(Status());
    }

    private static PluginCommandFailed UnknownPlugin(string? id) => new(id ?? "", PluginCommandFailureReason.UnknownPlugin,
        $"no plugin \"{Bounded.Echo(id)}\": neither a loaded plugin's id nor the folder of one that failed to load (see GetPluginStatus)");

    /// <summary>Copies arrive file by file: a folder is loaded once it has been quiet for the debounce time.</summary>
    private void OnFolderChanged(PluginFolderChanged changed)
    {
        if (changed.Folder is { } folder)
        {
            Timers.StartSingleTimer($"reload:{folder}", new ReloadFolderDue(folder), _settings.ReloadDebounce);
            return;
        }

        Load(PluginLoadRequest.Everything, null);
    }

    /// <summary>Reads the plugin folders off this actor, one load at a time; the result comes back as
    /// <see cref="PluginsRead"/>. <paramref name="requester"/> gets the plugin status once the load is applied.</summary>
    private void Load(PluginLoadRequest request, IActorRef? requester) => _loading.Load(request, requester);

    private void LoadApplied() => _loading.Applied(Status);

    private void Apply(PluginReloader.Result result)
    {
        foreach (var fleetEvent in result.Events)
        {
            Publish(fleetEvent);
        }

        if (result.RefreshCards)
        {
            foreach (var entry in _cards.Entries.ToList())
            {
                if (_book.Refreshed(entry) is { } step)
                {
                    Apply(entry, step);
                }
            }
        }
    }

    private void Apply(CardEntry entry, CardPluginBook.Step step)
    {
        if (step.Swap is { } swap)
        {
            entry.Actor.Tell(swap);
        }

        if (step.Event is { } fleetEvent)
        {
            Publish(fleetEvent);
        }

        if (step.Identify)
        {
            Identify(entry);
        }
    }

    private void Publish(IFleetEvent fleetEvent) => Context.System.EventStream.Publish(fleetEvent);
}
