using Akka.Actor;
using Akka.Persistence;
using SmartCardFleet.Enrollment.Engine;
using SmartCardFleet.Enrollment.Jobs;
using SmartCardFleet.Enrollment.Tests.Support;
using SmartCardFleet.Storage;
using Xunit.Abstractions;

namespace SmartCardFleet.Enrollment.Tests.Engine;

/// <summary>A finished job can be deleted: it leaves the list at once and for good (a restart does not bring it back), its
/// journal is deleted, and it no longer counts against the station's job limit. A running or paused job cannot be.</summary>
public class JobDeletionSpecs(ITestOutputHelper output) : JobSpec(output)
{
    [Fact]
    public Task A_cancelled_job_is_deleted_for_good_with_its_journal_and_the_others_stay() => DeletedForGood(this);

    [Fact]
    public async Task A_running_or_paused_job_is_refused_and_stays_as_it_was()
    {
        var station = StartStation();
        var jobId = (await station.CreateAsync(StationRun.UriJob(1, "https://r.example/1"))).Summary.JobId;

        var running = await station.AskAsync<JobRefused>(new DeleteJob(jobId, "dave"));
        Assert.Equal((JobRefusal.InvalidState, $"job {jobId} is Running: only a completed or cancelled job can be deleted; cancel it first"),
            (running.Reason, running.Message));
        await station.AskAsync<JobView>(new PauseJob(jobId, "dave"));
        Assert.Equal(JobRefusal.InvalidState, (await station.AskAsync<JobRefused>(new DeleteJob(jobId, "dave"))).Reason);

        Assert.Equal(JobState.Paused, Assert.Single((await station.AskAsync<JobList>(new ListJobs())).Jobs).State);
        Assert.Equal(JobRefusal.UnknownJob, (await station.AskAsync<JobRefused>(new DeleteJob("nope", "dave"))).Reason);
    }

    [Fact]
    public async Task A_cancelled_job_with_a_row_in_doubt_is_deleted_only_once_the_row_is_decided()
    {
        var (station, jobId, _, _, gate) = await CrashRecoverySpecs.CrashWithRowInFlightAsync(this, holdAfterWrite: true);
        station = StartStation();
        Assert.Equal(1, (await station.AskAsync<JobView>(new CancelJob(jobId, "dave"))).Summary.InDoubt);

        var refused = await station.AskAsync<JobRefused>(new DeleteJob(jobId, "dave"));
        Assert.Equal((JobRefusal.InvalidState, $"job {jobId} has 1 row(s) in doubt: decide them first (done or run-again), then delete it"),
            (refused.Reason, refused.Message));
        await station.AskAsync<JobView>(new DecideRow(jobId, "r2", RowDecision.Done, "dave"));

        Assert.Equal(jobId, (await station.AskAsync<JobDeleted>(new DeleteJob(jobId, "dave"))).JobId);
        Assert.Empty((await station.AskAsync<JobList>(new ListJobs())).Jobs);
        gate.Dispose();
    }

    /// <summary>Shared with PostgreSQL: two jobs, one cancelled and deleted; the other is untouched, the deleted one is
    /// unknown at once and after a restart, and its persistence id replays nothing any more.</summary>
    internal static async Task DeletedForGood(JobSpec spec)
    {
        var station = spec.StartStation();
        var kept = (await station.CreateAsync(StationRun.UriJob(1, "https://k.example/1"))).Summary.JobId;
        var deleted = (await station.CreateAsync(StationRun.UriJob(1, "https://d.example/1", "https://d.example/2"))).Summary.JobId;
        await station.AskAsync<JobView>(new CancelJob(deleted, "dave"));
        var persistenceId = JobActor.PersistenceIdOf("kiosk", deleted);
        Assert.True(await ReplayedEventsAsync(spec, station.System, persistenceId) > 0, "the cancelled job's journal holds its events");

        Assert.Equal(deleted, (await station.AskAsync<JobDeleted>(new DeleteJob(deleted, "dave"))).JobId);

        Assert.Equal([kept], (await station.AskAsync<JobList>(new ListJobs())).Jobs.Select(j => j.JobId));
        Assert.Equal(JobRefusal.UnknownJob, (await station.AskAsync<JobRefused>(new GetJob(deleted))).Reason);
        Assert.Equal(JobRefusal.UnknownJob, (await station.AskAsync<JobRefused>(new DeleteJob(deleted, "dave"))).Reason);
        await spec.AwaitAssertAsync(async () => Assert.Equal(0, await ReplayedEventsAsync(spec, station.System, persistenceId)),
            StationRun.Wait, TimeSpan.FromMilliseconds(100));

        await station.CrashAsync();
        station = spec.StartStation();
        Assert.Equal([kept], (await station.AskAsync<JobList>(new ListJobs())).Jobs.Select(j => j.JobId));
        Assert.Equal(JobRefusal.UnknownJob, (await station.AskAsync<JobRefused>(new GetJob(deleted))).Reason);
    }

    /// <summary>How many events (and snapshots) a fresh persistent actor with this id recovers from the station's journal.</summary>
    private static async Task<int> ReplayedEventsAsync(JobSpec spec, ActorSystem system, string persistenceId)
    {
        var report = spec.CreateTestProbe(system);
        system.ActorOf(Props.Create(() => new JournalReader(persistenceId, report.Ref)));
        return await report.ExpectMsgAsync<int>(StationRun.Wait);
    }

    /// <summary>Counts what recovery replays for one persistence id, reports it, and stops.</summary>
    private sealed class JournalReader : ReceivePersistentActor
    {
        private int _replayed;

        public JournalReader(string persistenceId, IActorRef report)
        {
            PersistenceId = persistenceId;
            Recover<SnapshotOffer>(_ => _replayed++);
            Recover<RecoveryCompleted>(_ =>
            {
                report.Tell(_replayed);
                Context.Stop(Self);
            });
            Recover<object>(_ => _replayed++);
        }

        public override string PersistenceId { get; }
    }
}

/// <summary>Deletion with the journal on PostgreSQL.</summary>
public class PostgresJobDeletionSpecs(ITestOutputHelper output) : JobSpec(output)
{
    protected override StorageProvider Provider => StorageProvider.PostgreSql;

    [Fact]
    public Task A_cancelled_job_is_deleted_for_good_with_its_journal_on_PostgreSQL() => JobDeletionSpecs.DeletedForGood(this);
}
