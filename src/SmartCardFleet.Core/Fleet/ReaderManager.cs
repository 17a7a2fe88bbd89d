using Akka.Actor;
using Akka.Event;
using SmartCardFleet.Core.Configuration;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Monitoring;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Pcsc;
using SmartCardFleet.Core.Messaging;

namespace SmartCardFleet.Core.Fleet;

/// <summary>
/// One per station. Keeps the live set of readers reported by its <see cref="CardMonitor"/> thread, runs one
/// <see cref="ReaderActor"/> per reader as a direct child (restarted in place when it crashes: the ActorRef and mailbox
/// survive, the reader does its own backoff), publishes the routing table <see cref="ReaderRequests"/> reads
/// (<see cref="ReaderRoutes"/>), routes <see cref="ToReader"/>, answers fleet queries, publishes
/// <see cref="IFleetEvent"/>s, and rebuilds everything with backoff when the PC/SC service goes away.
/// </summary>
public sealed class ReaderManager : ReceiveActor, IWithTimers
{
    private const string RetryTimerKey = "service-retry";

    private readonly IPcscApi _api;
    private readonly StationSettings _settings;
    private readonly ReaderTimings _timings;
    private readonly ReaderNameFilter _filter;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ReaderTable _readers = new();
    private readonly CardWaiters _waiters = new();
    private readonly ServiceRecoveryPlan _recovery;
    private CardMonitor? _monitor;
    private int _generation;
    private int _incarnation;

    public ReaderManager(IPcscApi api, StationSettings settings)
    {
        _api = api;
        _settings = settings;
        _timings = ReaderTimings.For(settings);
        _filter = new ReaderNameFilter(settings.IncludeReaders, settings.ExcludeReaders);
        _recovery = new ServiceRecoveryPlan(settings.ServiceRecovery);
        BecomeRunning();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for a station's manager. It runs on the card-io dispatcher (its own thread) because stopping the
    /// monitor calls SCardCancel and joins a thread.</summary>
    public static Props Props(IPcscApi api, StationSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(api);
        var validated = (settings ?? new StationSettings()).Validate();
        return Akka.Actor.Props.Create(() => new ReaderManager(api, validated)).WithDispatcher(validated.ManagerDispatcherId);
    }

    /// <summary>A crashed reader restarts in place; its own backoff (and giving up) is done by the reader.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Restart);

    protected override void PreStart() => StartMonitor();

    protected override void PostStop()
    {
        ReaderRoutes.Get(Context.System).Publish(Self, null);
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
        Receive<ListReaders>(_ => Context.ActorOf(ReaderStatusQuery.Props(_readers.Routes(), Sender, _settings.QueryTimeout)));
        Receive<FindCard>(find => Sender.Tell(_readers.Answer(find)));
        Receive<FindCards>(find => Sender.Tell(_readers.Answer(find)));
        Receive<WaitForCard>(OnWaitForCard);
        ReceiveCommon();
    });

    private void BecomeRecovering() => Become(() =>
    {
        Receive<RetryService>(_ => TryService());
        Receive<MonitorLostService>(lost => lost.Generation == _generation, lost =>
        {
            _log.Info("PC/SC service still unavailable ({0}) after attempt {1}", lost.Error, _recovery.Attempts);
            StopMonitor();
            ScheduleRetry();
        });
        Receive<ReadersListed>(listed => listed.Generation == _generation, Restored);
        Receive<ToReader>(request => Sender.Tell(Unavailable(request.ReaderId)));
        Receive<ListReaders>(_ => Sender.Tell(Unavailable(null)));
        Receive<FindCard>(_ => Sender.Tell(Unavailable(null)));
        Receive<FindCards>(_ => Sender.Tell(Unavailable(null)));
        Receive<WaitForCard>(OnWaitForCard);
        ReceiveCommon();
    });

    /// <summary>Messages handled the same in every state.</summary>
    private void ReceiveCommon()
    {
        Receive<CardWaitExpired>(expired =>
        {
            if (_waiters.Expire(expired.Key) is { } waiter)
            {
                waiter.ReplyTo.Tell(new ReaderFailure(null, ReaderFailureReason.Timeout,
                    $"no card matching {waiter.Pattern} was inserted within {waiter.Timeout}"));
            }
        });
        Receive<ReaderAttachmentChanged>(changed => _readers.SetAttachment(changed.ReaderId, changed.ShareMode, changed.Protocols));
        Receive<ReaderAutoAttachChosen>(chosen => _readers.SetAutoAttachChoice(chosen.ReaderId, chosen.Enabled));
        Receive<MonitorFault>(fault => _log.Warning("Monitor: {0} failed with {1}; retrying after the poll interval", fault.Operation, fault.Error));
        Receive<Terminated>(terminated =>
        {
            if (_recovery.Stopped(terminated.ActorRef))
            {
                ScheduleRetry();
            }
        });
        // Stale: a service loss reported by a reader of the old generation, replies to Reattach, replaced monitors.
        Receive<ReaderLostService>(_ => { });
        Receive<ReaderFailure>(_ => { });
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

    /// <summary>Cancels the monitor's wait and joins its thread (which releases its context itself).</summary>
    private void StopMonitor()
    {
        if (_monitor?.Stop(_settings.MonitorJoinTimeout) == false)
        {
            _log.Error("Monitor thread {0} did not end within {1}; its context is left to it", _monitor.Generation, _settings.MonitorJoinTimeout);
        }

        _monitor = null;
    }

    private void SyncReaders(IReadOnlyList<string> listed)
    {
        var wanted = listed.Where(_filter.Accepts).ToHashSet(StringComparer.Ordinal);
        foreach (var name in _readers.Names.Where(n => !wanted.Contains(n)).ToList())
        {
            RemoveReader(name);
        }

        foreach (var name in listed.Where(n => wanted.Contains(n) && !_readers.Contains(n)))
        {
            AddReader(name);
        }

        PublishRoutes();
    }

    private void AddReader(string name)
    {
        var id = _readers.NewId(name);
        // Published first: the new actor may attach (and publish CardAttached) before this handler ends.
        Publish(new ReaderAdded(id, name, DateTimeOffset.UtcNow));
        var props = ReaderActor.Props(_api, id, name, _settings.ReaderSettingsFor(name), _settings.Scope, Self, _timings,
            _readers.AutoAttachChoice(id));
        // Names must be unique among live children: a replugged reader may come back while the old actor still retires.
        var reader = Context.ActorOf(props, $"{id.Value}~{++_incarnation}");
        Context.Watch(reader);
        _readers.Add(new ReaderEntry(id, name, reader));
        _log.Info("Reader {0} added as {1}", name, id);
    }

    private void RemoveReader(string name)
    {
        if (_readers.FindByName(name) is not { } entry)
        {
            return;
        }

        _readers.Remove(entry);
        entry.Actor.Tell(StopReader.Unplugged);
        _log.Info("Reader {0} ({1}) removed", name, entry.Id);
        Publish(new ReaderRemoved(entry.Id, name, DateTimeOffset.UtcNow));
    }

    private void OnCardSeen(CardSeen seen)
    {
        _readers.CardSeen(seen.ReaderName, seen.Atr, seen.Mute);
        if (_readers.FindByName(seen.ReaderName) is not { } entry)
        {
            return;
        }

        Publish(new CardInserted(entry.Id, [.. seen.Atr], seen.Counter, seen.Mute, DateTimeOffset.UtcNow));
        entry.Actor.Tell(new CardInsertedNotice(seen.Atr, seen.Counter, seen.Mute));
        foreach (var (key, waiter) in _waiters.TakeMatching(seen.Atr, seen.Mute))
        {
            Timers.Cancel(key);
            waiter.ReplyTo.Tell(new CardFound(entry.Id, entry.Name, [.. seen.Atr]));
        }
    }

    private void OnCardGone(CardGoneSeen gone)
    {
        _readers.CardGone(gone.ReaderName);
        if (_readers.FindByName(gone.ReaderName) is { } entry)
        {
            // Into the reader's mailbox before the event goes out: whoever reacts to CardRemoved by asking the reader is
            // answered after the reader has dropped the card. The reader's own CardDetached may come before CardRemoved.
            entry.Actor.Tell(new CardRemovedNotice(gone.Counter));
            Publish(new CardRemoved(entry.Id, gone.Counter, DateTimeOffset.UtcNow));
        }
    }

    private void OnWaitForCard(WaitForCard wait)
    {
        if (wait.Pattern is null || wait.Timeout <= TimeSpan.Zero)
        {
            Sender.Tell(new ReaderFailure(null, ReaderFailureReason.InvalidRequest, "WaitForCard needs a pattern and a positive timeout"));
        }
        else if (_readers.FindCards(wait.Pattern).FirstOrDefault() is { } found)
        {
            Sender.Tell(found);
        }
        else
        {
            var key = _waiters.Add(wait.Pattern, Sender, wait.Timeout);
            Timers.StartSingleTimer(key, new CardWaitExpired(key), wait.Timeout);
        }
    }

    private void Route(ToReader request)
    {
        if (request.Message is null)
        {
            Sender.Tell(new ReaderFailure(request.ReaderId, ReaderFailureReason.InvalidRequest, "ToReader needs a message"));
        }
        else if (_readers.Find(request.ReaderId) is { } entry)
        {
            entry.Actor.Forward(request.Message);
        }
        else
        {
            Sender.Tell(new ReaderFailure(request.ReaderId, ReaderFailureReason.UnknownReader, $"no reader '{request.ReaderId}' on this station"));
        }
    }

    private void EnterServiceLost(ReaderId? reportedBy, PcscError error)
    {
        _log.Warning("PC/SC service lost ({0}, reported by {1}); retiring {2} readers and recovering", error,
            reportedBy?.Value ?? "monitor", _readers.Count);
        Publish(new ServiceLost(reportedBy, error, DateTimeOffset.UtcNow));
        StopMonitor();
        var retiring = _readers.Entries.Select(e => e.Actor).ToList();
        retiring.ForEach(reader => reader.Tell(StopReader.ServiceGone));
        _recovery.Begin(retiring);
        // Requests now reach the manager, which answers ServiceUnavailable for every reader.
        _readers.ClearForRecovery();
        PublishRoutes();
        BecomeRecovering();
        ScheduleRetry();
    }

    private void ScheduleRetry()
    {
        if (_recovery.NextRetry(Random.Shared.NextDouble()) is { } delay)
        {
            Timers.StartSingleTimer(RetryTimerKey, RetryService.Instance, delay);
        }
    }

    private void TryService()
    {
        if (!_recovery.TryAttempt())
        {
            _log.Error("PC/SC service did not come back after {0} attempts; giving up", _recovery.Attempts);
            Publish(new ReaderFaulted(null, $"the PC/SC service did not come back after {_recovery.Attempts} attempts", null, DateTimeOffset.UtcNow));
            return;
        }

        StartMonitor();
    }

    private void Restored(ReadersListed listed)
    {
        _log.Info("PC/SC service restored after {0} attempt(s)", _recovery.Attempts);
        BecomeRunning();
        // Published before the readers are re-created so ServiceRestored precedes their ReaderAdded/CardAttached.
        Publish(new ServiceRestored(null, _recovery.Attempts, DateTimeOffset.UtcNow));
        SyncReaders(listed.ReaderNames);
        foreach (var (entry, shareMode, protocols) in _readers.TakeAttachmentsToRestore())
        {
            entry.Actor.Tell(new Reattach(shareMode, protocols));
        }
    }

    private void PublishRoutes() => ReaderRoutes.Get(Context.System).Publish(Self, _readers.Routes());

    private void Publish(IFleetEvent fleetEvent) => Context.System.EventStream.Publish(fleetEvent);

    private static ReaderFailure Unavailable(ReaderId? id) => new(id, ReaderFailureReason.ServiceUnavailable, ReaderFailure.ServiceGoneMessage);

    private sealed record CardWaitExpired(Guid Key) : ILocalOnlyMessage;

    private sealed record RetryService : ILocalOnlyMessage
    {
        public static readonly RetryService Instance = new();
    }
}
