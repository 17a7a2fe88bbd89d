using Akka.Actor;
using Akka.Event;
using Akka.Pattern;
using Akka.Persistence;
using SmartCardFleet.Core.Messaging;
using SmartCardFleet.Enrollment.Journal;

namespace SmartCardFleet.Enrollment.Engine;

/// <summary>The manager asks the index to write a new job's id (before the job's own JobCreated).</summary>
internal sealed record RegisterJob(string JobId, DateTimeOffset At) : ILocalOnlyMessage;

/// <summary>The manager asks the index to forget a job: one whose creation never completed, or a finished one an
/// operator deleted. Answered with <see cref="JobUnindexed"/> once written.</summary>
internal sealed record DropJob(string JobId, DateTimeOffset At) : ILocalOnlyMessage;

/// <summary>The index recovered (at start, and again after each storage failure): every job id it holds.</summary>
internal sealed record IndexLoaded(IReadOnlyList<string> JobIds) : ILocalOnlyMessage;

/// <summary>The forgetting of <see cref="DropJob"/> is written.</summary>
internal sealed record JobUnindexed(string JobId) : ILocalOnlyMessage;

/// <summary>The job id of <see cref="RegisterJob"/> is written.</summary>
internal sealed record JobIndexed(string JobId) : ILocalOnlyMessage;

/// <summary>The index could not read or write its journal: it stops and its BackoffSupervisor starts it again, and it
/// says <see cref="IndexLoaded"/> once it has recovered.</summary>
internal sealed record IndexFailed(string Reason) : ILocalOnlyMessage;

/// <summary>
/// The station's job index (persistence id "job-index-&lt;station&gt;"): the ids of its jobs, in a persistent actor of its
/// own. Akka.Persistence stops an actor whose write fails; keeping that write out of the <see cref="JobManager"/> means a
/// job creation refused for storage stops only this small actor, while the manager keeps what it knows of the cards in
/// the readers and answers the caller itself (<see cref="IndexFailed"/>).
/// </summary>
internal sealed class JobIndex : ReceivePersistentActor
{
    private readonly List<string> _ids = [];
    private readonly IActorRef _manager;
    private readonly int _snapshotEvery;
    private readonly Func<Exception, string> _reasonOf;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public JobIndex(string station, IActorRef manager, int snapshotEvery, Func<Exception, string> reasonOf)
    {
        PersistenceId = $"job-index-{station}";
        _manager = manager;
        _snapshotEvery = snapshotEvery;
        _reasonOf = reasonOf;
        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is JobIndexSnapshot snapshot)
            {
                _ids.Clear();
                _ids.AddRange(snapshot.JobIds);
            }
        });
        Recover<JobRegistered>(registered => _ids.Add(registered.JobId));
        Recover<JobDropped>(dropped => _ids.Remove(dropped.JobId));
        Recover<RecoveryCompleted>(_ => _manager.Tell(new IndexLoaded([.. _ids])));

        Command<RegisterJob>(register => Persist(new JobRegistered(register.JobId, register.At), registered =>
        {
            _ids.Add(registered.JobId);
            _manager.Tell(new JobIndexed(registered.JobId));
            SnapshotIfDue();
        }));
        Command<DropJob>(drop => Persist(new JobDropped(drop.JobId, drop.At), dropped =>
        {
            _ids.Remove(dropped.JobId);
            _manager.Tell(new JobUnindexed(dropped.JobId));
            SnapshotIfDue();
        }));
        Command<SaveSnapshotSuccess>(_ => { });
        Command<SaveSnapshotFailure>(failed => _log.Warning("Job index snapshot not saved: {0}", failed.Cause.Message));
    }

    public override string PersistenceId { get; }

    /// <summary>Under its own BackoffSupervisor, named "index" under the manager: a journal fault stops it, and it comes
    /// back (and says <see cref="IndexLoaded"/>) by itself.</summary>
    public static Props SupervisedProps(JobEngineSettings settings, IActorRef manager, Func<Exception, string> reasonOf) =>
        BackoffSupervisor.Props(Backoff.OnStop(Props.Create(() => new JobIndex(settings.Station, manager, settings.SnapshotEvery, reasonOf)), "index",
            settings.RestartMin, settings.RestartMax, 0.2, -1));

    private void SnapshotIfDue()
    {
        if (LastSequenceNr % _snapshotEvery == 0)
        {
            SaveSnapshot(new JobIndexSnapshot([.. _ids]));
        }
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _manager.Tell(new IndexFailed(_reasonOf(cause)));
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        _manager.Tell(new IndexFailed(_reasonOf(reason)));
        base.OnRecoveryFailure(reason, message);
    }
}
