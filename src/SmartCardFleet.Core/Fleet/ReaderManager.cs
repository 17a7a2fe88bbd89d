using Akka.Actor;
using Akka.Event;
using Akka.Pattern;
using SmartCardFleet.Core.Configuration;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Monitoring;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Fleet;

/// <summary>
/// One per station. Keeps the live set of readers reported by its <see cref="CardMonitor"/> thread, runs one
/// <see cref="ReaderActor"/> per reader behind a BackoffSupervisor, routes <see cref="ToReader"/> requests by
/// <see cref="ReaderId"/>, answers fleet queries, publishes <see cref="IFleetEvent"/>s on the EventStream, and
/// rebuilds everything with backoff when the PC/SC service goes away (ReaderManager.Recovery.cs).
/// </summary>
public sealed partial class ReaderManager : ReceiveActor, IWithTimers
{
    private readonly IPcscApi _api;
    private readonly StationSettings _settings;
    private readonly TimeProvider _clock;
    private readonly ReaderNameFilter _filter;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<ReaderId, ReaderEntry> _readers = [];
    private readonly Dictionary<string, ReaderId> _idsByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (byte[] Atr, bool Mute)> _cards = new(StringComparer.Ordinal);
    private readonly Dictionary<ReaderId, (ShareMode ShareMode, CardProtocol Protocols)> _attached = [];
    private readonly HashSet<string> _gaveUp = new(StringComparer.Ordinal);
    // Kept across service recovery (readers are re-created with the same id); dropped when a reader is unplugged.
    private readonly Dictionary<ReaderId, AutoAttachChoice> _autoAttachChoices = [];
    private readonly ReaderDirectory _directory;
    private CardMonitor? _monitor;
    private int _generation;
    private int _incarnation;

    public ReaderManager(IPcscApi api, StationSettings settings, TimeProvider clock)
    {
        _api = api;
        _settings = settings;
        _clock = clock;
        _filter = new ReaderNameFilter(settings.IncludeReaders, settings.ExcludeReaders);
        _directory = new ReaderDirectory(settings.ForeignLockThreshold);
        BecomeRunning();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for a station's manager. It runs on the card-io dispatcher (its own thread) because stopping the
    /// monitor calls SCardCancel and joins a thread. <paramref name="clock"/> (default: system) measures how long a
    /// reader has been blocked in a PC/SC call.</summary>
    public static Props Props(IPcscApi api, StationSettings? settings = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(api);
        var validated = (settings ?? new StationSettings()).Validate();
        var time = clock ?? TimeProvider.System;
        return Akka.Actor.Props.Create(() => new ReaderManager(api, validated, time)).WithDispatcher(validated.ManagerDispatcherId);
    }

    protected override void PreStart()
    {
        ReaderDirectories.Get(Context.System).Register(Self, _directory);
        WatchReaderDeadLetters();
        StartMonitor();
    }

    protected override void PostStop()
    {
        ReaderDirectories.Get(Context.System).Unregister(Self, _directory);
        StopWatchingReaderDeadLetters();
        StopMonitor();
    }

    private void BecomeRunning() => Become(() =>
    {
        Receive<ReadersListed>(listed => listed.Generation == _generation, listed => SyncReaders(listed.ReaderNames));
        Receive<CardSeen>(seen => seen.Generation == _generation, OnCardSeen);
        Receive<CardGoneSeen>(gone => gone.Generation == _generation, OnCardGone);
        Receive<MonitorLostService>(lost => lost.Generation == _generation, lost => EnterServiceLost(null, lost.Error));
        Receive<ReaderLostService>(lost => EnterServiceLost(lost.ReaderId, lost.Error));
        Receive<ToReader>(Route);
        Receive<ListReaders>(_ =>
        {
            var (answered, toAsk) = SplitForListing();
            Context.ActorOf(ReaderStatusQuery.Props(toAsk, answered, Sender, _settings.QueryTimeout));
        });
        Receive<FindCard>(OnFindCard);
        Receive<FindCards>(OnFindCards);
        ReceiveCommon();
    });

    /// <summary>Messages handled the same in every state.</summary>
    private void ReceiveCommon()
    {
        Receive<WaitForCard>(OnWaitForCard);
        Receive<CardWaitExpired>(OnCardWaitExpired);
        ReceiveWatchdog();
        Receive<DeadLetter>(OnDeadLetter);
        Receive<ReaderIncarnationChanged>(changed => _directory.SetReader(changed.ReaderId, changed.Gauge, changed.Reader, changed.Running));
        Receive<ReaderAttachmentChanged>(changed =>
        {
            if (changed.ShareMode is { } shareMode)
            {
                _attached[changed.ReaderId] = (shareMode, changed.Protocols);
            }
            else
            {
                _attached.Remove(changed.ReaderId);
            }
        });
        Receive<MonitorFault>(fault => _log.Warning("Monitor: {0} failed with {1}; retrying after the poll interval", fault.Operation, fault.Error));
        Receive<Terminated>(OnTerminated);
        // A notice sent while a reader is between restarts comes back as the supervisor's "restarting" reply.
        Receive<ReaderFailure>(_ => { });
        // Late reports of a replaced monitor generation.
        Receive<ReadersListed>(_ => { });
        Receive<CardSeen>(_ => { });
        Receive<CardGoneSeen>(_ => { });
        Receive<MonitorLostService>(_ => { });
    }

    private void StartMonitor()
    {
        var self = Self;
        _monitor = new CardMonitor(_api, message => self.Tell(message), ++_generation, _settings.Scope, _settings.PollInterval);
        _monitor.Start();
    }

    private void StopMonitor()
    {
        if (_monitor is null)
        {
            return;
        }

        if (!_monitor.Stop(_settings.MonitorJoinTimeout))
        {
            _log.Error("Monitor thread {0} did not end within {1}; its context is left to it", _monitor.Generation, _settings.MonitorJoinTimeout);
        }

        _monitor = null;
    }

    private void SyncReaders(IReadOnlyList<string> listed)
    {
        var wanted = listed.Where(_filter.Accepts).ToHashSet(StringComparer.Ordinal);
        foreach (var name in _idsByName.Keys.Where(n => !wanted.Contains(n)).ToList())
        {
            RemoveReader(name);
        }

        _gaveUp.IntersectWith(wanted);
        foreach (var name in listed.Where(n => wanted.Contains(n) && !_idsByName.ContainsKey(n) && !_gaveUp.Contains(n)))
        {
            AddReader(name);
        }
    }

    private void AddReader(string name)
    {
        var id = ReaderId.FromReaderName(name);
        if (_readers.ContainsKey(id))
        {
            id = ReaderId.FromReaderName(name, disambiguate: true);
        }

        // Published first: the new actor may attach (and publish CardAttached) before this handler ends.
        Publish(new ReaderAdded(id, name, DateTimeOffset.UtcNow));
        // The gauge is per actor lineage (a crash-restart reuses it: same Props); the auto-attach choice outlives recovery.
        var gauge = new ReaderCallGauge(_clock);
        if (!_autoAttachChoices.TryGetValue(id, out var autoAttach))
        {
            autoAttach = new AutoAttachChoice();
            _autoAttachChoices[id] = autoAttach;
        }

        var childProps = ReaderActor.Props(_api, id, name, _settings.ReaderSettingsFor(name), _settings.Scope, Self, gauge, autoAttach);
        var restart = _settings.ReaderRestart;
        var resetAfter = TimeSpan.FromTicks(Math.Clamp(_settings.ReaderRestartResetAfter.Ticks, restart.Min.Ticks, restart.Max.Ticks));
        var options = Backoff.OnFailure(childProps, "reader", restart.Min, restart.Max, restart.RandomFactor, restart.MaxRetries)
            .WithAutoReset(resetAfter)
            // Every failure is retried with backoff, also one in PreStart (ActorInitializationException), which the
            // default decider would stop for good and leave a supervisor without a child behind.
            .WithSupervisorStrategy(new OneForOneStrategy(_ => Directive.Restart))
            .WithMaxNrOfRetries(restart.MaxRetries)
            // StopReader ends the supervisor too, also while the reader is between two restarts.
            .WithFinalStopMessage(message => message is StopReader)
            .WithReplyWhileStopped(new ReaderFailure(id, ReaderFailureReason.ReaderGone, "the reader actor is restarting after a failure"));
        // Actor names must be unique among live children: a replugged reader may come back before the old actor's
        // Terminated, so the incarnation is part of the name while the ReaderId stays the stable address.
        var supervisor = Context.ActorOf(BackoffSupervisor.Props(options), $"{id.Value}~{++_incarnation}");
        Context.Watch(supervisor);
        _readers[id] = new ReaderEntry(id, name, supervisor, gauge, autoAttach);
        _directory.Add(id, gauge);
        _idsByName[name] = id;
        _log.Info("Reader {0} added as {1}", name, id);
    }

    private void RemoveReader(string name)
    {
        if (!_idsByName.TryGetValue(name, out var id) || !_readers.TryGetValue(id, out var entry))
        {
            return;
        }

        Context.Unwatch(entry.Supervisor);
        Forget(entry);
        entry.Supervisor.Tell(StopReader.Instance);
        _cards.Remove(name);
        _log.Info("Reader {0} ({1}) removed", name, id);
        Publish(new ReaderRemoved(id, name, DateTimeOffset.UtcNow));
    }

    private void OnCardSeen(CardSeen seen)
    {
        _cards[seen.ReaderName] = (seen.Atr, seen.Mute);
        if (!_idsByName.TryGetValue(seen.ReaderName, out var id))
        {
            return;
        }

        Publish(new CardInserted(id, [.. seen.Atr], seen.Counter, seen.Mute, DateTimeOffset.UtcNow));
        ReaderOf(_readers[id]).Tell(new CardInsertedNotice(seen.Atr, seen.Counter, seen.Mute));
        NotifyCardWaiters(id, seen.ReaderName, seen.Atr, seen.Mute);
    }

    private void OnCardGone(CardGoneSeen gone)
    {
        _cards.Remove(gone.ReaderName);
        if (_idsByName.TryGetValue(gone.ReaderName, out var id))
        {
            // Into the reader's mailbox before the event goes out: whoever reacts to CardRemoved by asking the reader
            // (straight, through ReaderRequests) is answered after the reader has dropped the card, not with its
            // state from before. The reader's own CardDetached may therefore come before CardRemoved.
            ReaderOf(_readers[id]).Tell(new CardRemovedNotice(gone.Counter));
            Publish(new CardRemoved(id, gone.Counter, DateTimeOffset.UtcNow));
        }
    }

    private void Route(ToReader request)
    {
        if (request.Message is null)
        {
            Sender.Tell(new ReaderFailure(request.ReaderId, ReaderFailureReason.InvalidRequest, "ToReader needs a message"));
            return;
        }

        if (_readers.TryGetValue(request.ReaderId, out var entry))
        {
            if (!AnswerForBusyReader(entry, request.Message))
            {
                ReaderOf(entry).Forward(request.Message);
            }

            return;
        }

        Sender.Tell(new ReaderFailure(request.ReaderId, ReaderFailureReason.UnknownReader,
            $"no reader '{request.ReaderId}' on this station"));
    }

    private void OnTerminated(Terminated terminated)
    {
        if (OnReaderStoppedDuringRecovery(terminated.ActorRef))
        {
            return;
        }

        // A watched supervisor that ends on its own has exhausted its restarts: leave the reader alone until it is
        // replugged (it disappears from the list) instead of creating it again on the next listing.
        var entry = _readers.Values.FirstOrDefault(e => e.Supervisor.Equals(terminated.ActorRef));
        if (entry is null)
        {
            return;
        }

        Forget(entry);
        _gaveUp.Add(entry.Name);
        _log.Error("Reader {0} gave up after {1} restarts", entry.Id, _settings.ReaderRestart.MaxRetries);
        Publish(new ReaderFaulted(entry.Id, "the reader actor kept failing and was given up; replug the reader", null, DateTimeOffset.UtcNow));
    }

    /// <summary>Drops everything kept about a reader whose actor is gone for good (unplugged or given up).</summary>
    private void Forget(ReaderEntry entry)
    {
        _readers.Remove(entry.Id);
        _directory.Remove(entry.Id);
        _idsByName.Remove(entry.Name);
        _attached.Remove(entry.Id);
        _autoAttachChoices.Remove(entry.Id);
    }

    private void Publish(IFleetEvent fleetEvent) => Context.System.EventStream.Publish(fleetEvent);

    /// <summary>Where the manager sends to a reader: its current actor, the same mailbox ReaderRequests sends to, so
    /// notices and routed requests keep their order with direct requests; the supervisor only between incarnations
    /// (it answers requests "restarting" then, and the next incarnation reads the card state itself).</summary>
    private IActorRef ReaderOf(ReaderEntry entry) => _directory.CurrentReader(entry.Id) ?? entry.Supervisor;

    private sealed record ReaderEntry(ReaderId Id, string Name, IActorRef Supervisor, ReaderCallGauge Gauge, AutoAttachChoice AutoAttach);
}
