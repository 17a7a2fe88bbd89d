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
        Receive<RunOperation>(OnRunOperation);
        Receive<ReaderLookedUp>(OnReaderLookedUp);
        Receive<IdentificationReport>(OnIdentified);
        Receive<SessionOpenedReport>(opened => _registry.SessionOpened(opened.Plugin));
        Receive<SessionClosedReport>(closed => _registry.SessionClosed(closed.Plugin));
        Receive<OperationOutcomeReport>(OnOperationOutcome);
        Receive<GetPluginStatus>(_ => Sender.Tell(Status()));
        Receive<GetCardIdentification>(query => Sender.Tell(Identification(query.ReaderId)));
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

    protected override void PreStart()
    {
        var events = Context.System.EventStream;
        foreach (var type in new[] { typeof(CardAttached), typeof(CardDetached), typeof(CardRemoved), typeof(CardReset), typeof(ReaderAdded), typeof(ReaderRemoved) })
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

    private void StartCard(ReaderId? id, SessionId session, byte[] atr)
    {
        if (id is not { } readerId || (_cards.TryGetValue(readerId, out var existing) && existing.Session == session))
        {
            return;
        }

        StopCard(readerId, null);
        if (!Atr.TryParse(atr, out var parsed))
        {
            Publish(new CardUnidentified(readerId, [.. atr], $"the ATR {Hex.Format(atr, ' ')} is not a valid answer to reset", DateTimeOffset.UtcNow));
            return;
        }

        var reader = new ReaderInfo(readerId.Value, _readerNames.GetValueOrDefault(readerId, readerId.Value));
        var actor = Context.ActorOf(CardSessionActor.Props(readerId, reader, session, [.. atr], parsed, _manager, _settings,
                _loggerFactory.CreateLogger("SmartCardFleet.Core.Plugins.CardSession")),
            $"card-{readerId.Value}-{++_incarnation}");
        var entry = new CardEntry(readerId, session, [.. atr], parsed, actor);
        _cards[readerId] = entry;
        Identify(entry);
    }

    private void Identify(CardEntry entry)
    {
        entry.Plugin = null;
        entry.Identifying = true;
        if (_registry.TryGetIdentification(entry.Atr, out var cachedId))
        {
            var cached = cachedId is null ? null : _registry.Find(cachedId);
            if (cachedId is null || (cached is not null && !_registry.IsQuarantined(cached.Id)))
            {
                entry.Actor.Tell(new IdentifyCard(cached is null ? [] : [new PluginCandidate(cached, SkipProbe: true)], FromCache: true));
                return;
            }
        }

        var candidates = PluginRanking.Rank(entry.ParsedAtr, _registry.Available, _settings.AtrOverrides,
            (plugin, ex) => LogMatchFailed(plugin.Id, ex.GetType().Name, ex.Message));
        entry.Actor.Tell(new IdentifyCard(candidates, FromCache: false));
    }

    private void StopCard(ReaderId? id, SessionId? session)
    {
        if (id is { } readerId && _cards.TryGetValue(readerId, out var entry) && (session is null || entry.Session == session))
        {
            _cards.Remove(readerId);
            Context.Stop(entry.Actor);
        }
    }

    private void OnCardReset(CardReset reset)
    {
        if (reset.ReaderId is { } id && _cards.TryGetValue(id, out var entry) && entry.Session == reset.Session)
        {
            entry.Actor.Tell(CardWasReset.Instance);
        }
    }

    private void OnIdentified(IdentificationReport report)
    {
        if (!_cards.TryGetValue(report.ReaderId, out var entry) || entry.Session != report.Session || !Sender.Equals(entry.Actor))
        {
            return;
        }

        entry.Identifying = false;
        var now = DateTimeOffset.UtcNow;
        if (report.Plugin is not { } plugin)
        {
            if (report.Cacheable)
            {
                _registry.CacheIdentification(report.Atr, null);
            }

            LogUnidentified(report.ReaderId.Value, report.Reason ?? "");
            Publish(new CardUnidentified(report.ReaderId, [.. report.Atr], report.Reason ?? "no plugin accepted the card", now));
            return;
        }

        if (!_registry.IsCurrent(plugin))
        {
            // A reload replaced the plugin while the probes ran: hand the card the current version (or none).
            var current = _registry.Find(plugin.Id);
            entry.Actor.Tell(new UsePlugin(current));
            plugin = current ?? plugin;
            if (current is null)
            {
                return;
            }
        }

        entry.Plugin = plugin;
        _registry.CacheIdentification(report.Atr, plugin.Id);
        LogIdentified(report.ReaderId.Value, plugin.Id, plugin.Version, plugin.Manifest.CardType);
        Publish(new CardIdentified(report.ReaderId, plugin.Id, plugin.Manifest.CardType, report.FromCache, now));
    }

    private void OnOperationOutcome(OperationOutcomeReport outcome)
    {
        var plugin = outcome.Plugin;
        if (!outcome.Fault)
        {
            _registry.RecordSuccess(plugin.Id);
            return;
        }

        if (!_registry.IsCurrent(plugin) || _registry.RecordFailure(plugin.Id, _settings.QuarantineAfterFailures) is not { } count)
        {
            return;
        }

        LogQuarantined(plugin.Id, plugin.Version, count, outcome.Message ?? "");
        Publish(new PluginQuarantined(outcome.ReaderId, plugin.Id, count, outcome.Message ?? "", DateTimeOffset.UtcNow));
    }

    private void Publish(IFleetEvent fleetEvent) => Context.System.EventStream.Publish(fleetEvent);

    private sealed class CardEntry(ReaderId readerId, SessionId session, byte[] atr, Atr parsedAtr, IActorRef actor)
    {
        public ReaderId ReaderId { get; } = readerId;

        public SessionId Session { get; } = session;

        public byte[] Atr { get; } = atr;

        public Atr ParsedAtr { get; } = parsedAtr;

        public IActorRef Actor { get; } = actor;

        public LoadedPlugin? Plugin { get; set; }

        public bool Identifying { get; set; }
    }
}
