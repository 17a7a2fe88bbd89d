using Akka.Actor;
using Microsoft.Extensions.Logging;
using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Plugins.Loading;
using SmartCardFleet.Core.Plugins.Sessions;
using SmartCardFleet.Core.Readers;

namespace SmartCardFleet.Core.Plugins;

/// <summary>
/// One per station, beside the <see cref="ReaderManager"/>. Loads plugins through an <see cref="IPluginCatalog"/>,
/// follows cards through the EventStream (CardAttached / CardDetached / CardRemoved / CardReset), runs one
/// <see cref="CardSessionActor"/> per attached card (identification, then its plugin session), routes
/// <see cref="RunOperation"/> by ReaderId, counts plugin faults into quarantine, and reloads plugins when their
/// folder changes or on <see cref="ReloadPlugins"/> (PluginHost.Reload.cs).
/// </summary>
/// <remarks>Plugins never see Akka: they get an ICardChannel whose APDUs this host sends to the reader actor.</remarks>
public sealed partial class PluginHost : ReceiveActor, IWithTimers
{
    private readonly IActorRef _manager;
    private readonly ReaderRequests _readers;
    private readonly PluginHostSettings _settings;
    private readonly IPluginCatalog _catalog;
    private readonly ILogger _log;
    private readonly ILoggerFactory _loggerFactory;
    private readonly PluginRegistry _registry = new();
    private readonly Dictionary<ReaderId, CardEntry> _cards = [];
    private readonly Dictionary<ReaderId, string> _readerNames = [];
    private PluginDirectoryWatcher? _watcher;
    private int _incarnation;

    public PluginHost(IActorRef manager, PluginHostSettings settings, IPluginCatalog catalog, ILoggerFactory loggerFactory)
    {
        _manager = manager;
        _readers = new ReaderRequests(Context.System, manager);
        _settings = settings;
        _catalog = catalog;
        _log = loggerFactory.CreateLogger<PluginHost>();
        _loggerFactory = loggerFactory;
        Receive<CardAttached>(attached => StartCard(attached.ReaderId, attached.Session, attached.Atr));
        Receive<CardDetached>(detached => StopCard(detached.ReaderId, detached.Session));
        Receive<CardRemoved>(removed => StopCard(removed.ReaderId, null));
        Receive<ReaderRemoved>(removed => StopCard(removed.ReaderId, null));
        Receive<ReaderAdded>(added => RememberName(added.ReaderId, added.ReaderName));
        Receive<CardReset>(OnCardReset);
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
        Receive<GetPluginStatus>(_ => Sender.Tell(Status()));
        Receive<GetCardIdentification>(query => Sender.Tell(Identification(query.ReaderId)));
        Receive<Terminated>(OnCardActorStopped);
        ReceiveReload();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props of the station's plugin host. <paramref name="manager"/> is the ReaderManager: every APDU a
    /// plugin sends goes to it as <c>ToReader(readerId, Transmit(...))</c>.</summary>
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
        return Props(manager, settings, new McMasterPluginCatalog(settings.PluginDirectory, loggerFactory.CreateLogger<McMasterPluginCatalog>()),
            loggerFactory);
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

        LoadEverything();
        StartWatching();
        // Cards attached before this host started produced no event we could see: learn them from the readers.
        _manager.Tell(ListReaders.Instance);
    }

    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        _watcher?.Dispose();
        _registry.DisposeAll();
    }

    private void RememberName(ReaderId? id, string name)
    {
        if (id is { } readerId)
        {
            _readerNames[readerId] = name;
        }
    }

    private void OnReaderList(ReaderList list)
    {
        foreach (var reader in list.Readers)
        {
            RememberName(reader.ReaderId, reader.ReaderName);
            if (reader is { Session: { } session, Atr: { } atr } && !_cards.ContainsKey(reader.ReaderId))
            {
                StartCard(reader.ReaderId, session, atr);
            }
        }
    }

    private void Publish(IFleetEvent fleetEvent) => Context.System.EventStream.Publish(fleetEvent);
}
