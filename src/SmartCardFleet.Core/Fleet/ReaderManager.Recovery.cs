using Akka.Actor;
using Akka.Event;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Monitoring;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Pcsc;
using SmartCardFleet.Core.Messaging;

namespace SmartCardFleet.Core.Fleet;

// Service loss (docs/pcsc-notes.md §7): stop every reader actor and the monitor so all old contexts are released
// first, then re-establish with exponential backoff and jitter. Each attempt is one new monitor (one
// EstablishContext); its first reader list means the service is back.
public sealed partial class ReaderManager
{
    private const string RetryTimerKey = "service-retry";

    private readonly HashSet<IActorRef> _stopping = [];
    private int _recoveryAttempts;
    private bool _retryPending;

    private void EnterServiceLost(ReaderId? reportedBy, PcscError error)
    {
        _log.Warning("PC/SC service lost ({0}, reported by {1}); stopping {2} readers and recovering", error,
            reportedBy?.Value ?? "monitor", _readers.Count);
        Publish(new ServiceLost(reportedBy, error, DateTimeOffset.UtcNow));
        StopMonitor();
        foreach (var entry in _readers.Values)
        {
            _stopping.Add(entry.Supervisor);
            entry.Supervisor.Tell(StopReader.Instance);
        }

        _readers.Clear();
        // Requests sent while the service is gone reach the manager, which answers ServiceUnavailable for every reader.
        _directory.Clear();
        _idsByName.Clear();
        _cards.Clear();
        _gaveUp.Clear();
        _recoveryAttempts = 0;
        _retryPending = false;
        BecomeRecovering();
        ScheduleRetryWhenReleased();
    }

    private void BecomeRecovering() => Become(() =>
    {
        Receive<RetryService>(_ => TryService());
        Receive<MonitorLostService>(lost => lost.Generation == _generation, lost =>
        {
            _log.Info("PC/SC service still unavailable ({0}) after attempt {1}", lost.Error, _recoveryAttempts);
            StopMonitor();
            ScheduleRetryWhenReleased();
        });
        Receive<ReadersListed>(listed => listed.Generation == _generation, Restored);
        Receive<ReaderLostService>(_ => { });
        Receive<ToReader>(request => Sender.Tell(Unavailable(request.ReaderId)));
        Receive<ListReaders>(_ => Sender.Tell(Unavailable(null)));
        Receive<FindCard>(_ => Sender.Tell(Unavailable(null)));
        Receive<FindCards>(_ => Sender.Tell(Unavailable(null)));
        ReceiveCommon();
    });

    private static ReaderFailure Unavailable(ReaderId? id) =>
        new(id, ReaderFailureReason.ServiceUnavailable, ReaderFailure.ServiceGoneMessage);

    /// <summary>Old contexts must be released before a new one is established (Windows recycles handle values), so the
    /// first retry waits until every reader actor has terminated.</summary>
    private void ScheduleRetryWhenReleased()
    {
        if (_stopping.Count > 0 || _retryPending)
        {
            return;
        }

        var delay = _settings.ServiceRecovery.DelayFor(_recoveryAttempts, Random.Shared.NextDouble());
        _retryPending = true;
        Timers.StartSingleTimer(RetryTimerKey, RetryService.Instance, delay);
    }

    private void TryService()
    {
        _retryPending = false;
        var max = _settings.ServiceRecovery.MaxRetries;
        if (max >= 0 && _recoveryAttempts >= max)
        {
            _log.Error("PC/SC service did not come back after {0} attempts; giving up", _recoveryAttempts);
            Publish(new ReaderFaulted(null, $"the PC/SC service did not come back after {_recoveryAttempts} attempts", null, DateTimeOffset.UtcNow));
            return;
        }

        _recoveryAttempts++;
        StartMonitor();
    }

    private void Restored(ReadersListed listed)
    {
        _log.Info("PC/SC service restored after {0} attempt(s)", _recoveryAttempts);
        BecomeRunning();
        // Published before the readers are re-created so ServiceRestored precedes their ReaderAdded/CardAttached.
        Publish(new ServiceRestored(null, _recoveryAttempts, DateTimeOffset.UtcNow));
        SyncReaders(listed.ReaderNames);
        foreach (var (id, attachment) in _attached.ToList())
        {
            if (_readers.TryGetValue(id, out var entry))
            {
                entry.Supervisor.Tell(new Reattach(attachment.ShareMode, attachment.Protocols));
            }
            else
            {
                _attached.Remove(id);
            }
        }
    }

    /// <summary>True when <paramref name="actor"/> was a reader stopped for recovery (and schedules the first retry once
    /// the last one is gone).</summary>
    private bool OnReaderStoppedDuringRecovery(IActorRef actor)
    {
        if (!_stopping.Remove(actor))
        {
            return false;
        }

        ScheduleRetryWhenReleased();
        return true;
    }

    private sealed record RetryService : ILocalOnlyMessage
    {
        public static readonly RetryService Instance = new();
    }
}
