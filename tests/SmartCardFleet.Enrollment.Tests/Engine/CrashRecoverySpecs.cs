using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Messaging;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Enrollment.Jobs;
using SmartCardFleet.Enrollment.Tests.Support;
using SmartCardFleet.Storage;
using SmartCardFleet.VirtualCards.Cards.Nfc;
using Xunit.Abstractions;

namespace SmartCardFleet.Enrollment.Tests.Engine;

/// <summary>
/// The station dies with a row in flight and starts again on the same database: rows done before stay done, the row in
/// flight is in doubt, and it is verified on the same card (NDEF verify) or decided by an operator, never run twice
/// without reason: the virtual cards count the writes they received.
/// </summary>
public class CrashRecoverySpecs(ITestOutputHelper output) : JobSpec(output)
{
    [Fact]
    public Task A_write_that_reached_the_card_before_the_crash_is_verified_applied_on_the_same_card_and_not_written_again() =>
        WriteThatReachedTheCardIsVerifiedApplied(this);

    [Fact]
    public async Task A_write_that_never_reached_the_card_is_verified_not_applied_and_runs_once_on_that_card()
    {
        var (station, jobId, _, held, gate) = await CrashWithRowInFlightAsync(this, holdAfterWrite: false);
        Assert.Equal(0, held.Writes);
        station = StartStation();
        Assert.Equal(RowState.InDoubt, (await station.GetAsync(jobId)).Rows.Single(r => r.RowId == "r2").State);

        station.Pcsc.AddReader("Kiosk 2").Insert(held);
        station.ExpectRowEnded("r2", RowState.Succeeded);
        Assert.Equal(1, held.Writes);
        Assert.Equal(NdefMessages.Uri("https://d.example/2"), held.Message);
        gate.Dispose();
    }

    [Fact]
    public async Task An_operator_decides_an_in_doubt_row_and_only_an_in_doubt_row()
    {
        var (station, jobId, _, _, gate) = await CrashWithRowInFlightAsync(this, holdAfterWrite: true);
        station = StartStation();

        var refused = await station.AskAsync<JobRefused>(new DecideRow(jobId, "r1", RowDecision.Done, "bob"));
        Assert.Equal(JobRefusal.NotInDoubt, refused.Reason);
        Assert.Equal(JobRefusal.UnknownRow, (await station.AskAsync<JobRefused>(new DecideRow(jobId, "r9", RowDecision.Done, "bob"))).Reason);

        var decided = await station.AskAsync<JobView>(new DecideRow(jobId, "r2", RowDecision.Done, "bob"));
        Assert.Equal(JobState.Completed, decided.Summary.State);
        Assert.Equal(RowState.Succeeded, decided.Rows.Single(r => r.RowId == "r2").State);

        // The decision is in the journal: a third run shows it.
        await station.CrashAsync();
        station = StartStation();
        Assert.Equal(JobState.Completed, (await station.GetAsync(jobId)).Summary.State);
        gate.Dispose();
    }

    [Fact]
    public async Task Pause_resume_and_cancel_survive_a_restart()
    {
        var station = StartStation();
        var jobId = (await station.CreateAsync(StationRun.UriJob(1, "https://e.example/1", "https://e.example/2"))).Summary.JobId;
        Assert.Equal(JobState.Paused, (await station.AskAsync<JobView>(new PauseJob(jobId, "carol"))).Summary.State);
        await station.CrashAsync();

        station = StartStation();
        var listed = Assert.Single((await station.AskAsync<JobList>(new ListJobs())).Jobs);
        Assert.Equal((jobId, JobState.Paused), (listed.JobId, listed.State));
        var paused = (await station.GetAsync(jobId)).Summary;
        Assert.Equal((JobState.Paused, "paused by carol"), (paused.State, paused.PausedReason));
        Assert.Equal(JobState.Running, (await station.AskAsync<JobView>(new ResumeJob(jobId, "carol"))).Summary.State);
        await station.CrashAsync();

        station = StartStation();
        station.Pcsc.AddReader("Kiosk 1").Insert(new CountingTag(1));
        station.ExpectRowEnded("r1", RowState.Succeeded);
        Assert.Equal(JobState.Cancelled, (await station.AskAsync<JobView>(new CancelJob(jobId, "carol"))).Summary.State);
        await station.CrashAsync();

        station = StartStation();
        var cancelled = await station.GetAsync(jobId);
        Assert.Equal((JobState.Cancelled, 1, 1), (cancelled.Summary.State, cancelled.Summary.Succeeded, cancelled.Summary.Pending));
        Assert.Equal(JobRefusal.InvalidState, (await station.AskAsync<JobRefused>(new ResumeJob(jobId, "carol"))).Reason);
        Assert.Single((await station.AskAsync<JobList>(new ListJobs())).Jobs);
    }

    /// <summary>Shared with the PostgreSQL specs: r1 done, r2's write reached the card, crash; after the restart r1 is
    /// still done and r2 is verified applied on the same card, which received one write in all.</summary>
    internal static async Task WriteThatReachedTheCardIsVerifiedApplied(JobSpec spec)
    {
        var (station, jobId, done, held, gate) = await CrashWithRowInFlightAsync(spec, holdAfterWrite: true);
        Assert.Equal(1, held.Writes);
        station = spec.StartStation();
        var recovered = await station.GetAsync(jobId);
        Assert.Equal(RowState.Succeeded, recovered.Rows.Single(r => r.RowId == "r1").State);
        var doubt = recovered.Rows.Single(r => r.RowId == "r2");
        Assert.Equal(RowState.InDoubt, doubt.State);
        Assert.Equal($"the station stopped while the operation ran on card UID {held.Uid} in kiosk-2", doubt.Last!.Error);

        station.Pcsc.AddReader("Kiosk 2").Insert(held);
        var verified = station.ExpectRowEnded("r2", RowState.Succeeded);
        Assert.Equal(held.Uid, verified.Attempt.Uid);
        Assert.Equal((1, 1), (done.Writes, held.Writes));
        Assert.Equal(JobState.Completed, (await station.GetAsync(jobId)).Summary.State);
        gate.Dispose();
    }

    /// <summary>r1 succeeds on one card; r2 starts on a second card, which stops before (or after) running the write,
    /// and the station crashes there.</summary>
    internal static async Task<(StationRun Station, string JobId, CountingTag Done, CountingTag Held, ManualResetEventSlim Gate)> CrashWithRowInFlightAsync(
        JobSpec spec, bool holdAfterWrite)
    {
        var station = spec.StartStation();
        var jobId = (await station.CreateAsync(StationRun.UriJob(3, "https://d.example/1", "https://d.example/2"))).Summary.JobId;
        var done = new CountingTag(1);
        station.Pcsc.AddReader("Kiosk 1").Insert(done);
        station.ExpectRowEnded("r1", RowState.Succeeded);

        var gate = new ManualResetEventSlim();
        var held = new CountingTag(2);
        if (holdAfterWrite)
        {
            held.HoldAfterWrite = gate;
        }
        else
        {
            held.HoldBeforeWrite = gate;
        }

        station.Pcsc.AddReader("Kiosk 2").Insert(held);
        Assert.True(held.Held.Wait(StationRun.Wait), "the second card's write never started");
        await station.CrashAsync((held, gate));
        held.CutOff = false;
        return (station, jobId, done, held, gate);
    }
}

/// <summary>The main scenarios with the journal on PostgreSQL (FLEET_TEST_POSTGRES, a database of their own).</summary>
public class PostgresJobSpecs(ITestOutputHelper output) : JobSpec(output)
{
    protected override StorageProvider Provider => StorageProvider.PostgreSql;

    [Fact]
    public Task A_write_that_reached_the_card_before_the_crash_is_verified_applied_on_PostgreSQL() =>
        CrashRecoverySpecs.WriteThatReachedTheCardIsVerifiedApplied(this);

    [Fact]
    public async Task Each_card_takes_the_next_row_once_on_PostgreSQL()
    {
        var station = StartStation();
        var job = await station.CreateAsync(StationRun.UriJob(1, "https://p.example/1", "https://p.example/2"));
        var first = new CountingTag(1);
        station.Pcsc.AddReader("Kiosk 1").Insert(first);
        station.ExpectRowEnded("r1", RowState.Succeeded);
        var second = new CountingTag(2);
        station.Pcsc.AddReader("Kiosk 2").Insert(second);
        station.ExpectRowEnded("r2", RowState.Succeeded);
        Assert.Equal((1, 1), (first.Writes, second.Writes));
        Assert.Equal(JobState.Completed, (await station.GetAsync(job.Summary.JobId)).Summary.State);
    }

    /// <summary>PostgreSQL goes away in the middle of a job (the station's database refuses connections and its open ones
    /// are ended): the job pauses with the reason, the readers keep answering, the row whose start could not be written
    /// never runs, and the job resumes by itself once the server lets the station in again.</summary>
    [Fact]
    public async Task PostgreSQL_going_away_mid_job_pauses_it_with_the_reason_and_it_resumes_when_the_server_is_back()
    {
        var station = StartStation();
        var jobId = (await station.CreateAsync(StationRun.UriJob(3, "https://p.example/1", "https://p.example/2"))).Summary.JobId;
        var first = new CountingTag(1);
        station.Pcsc.AddReader("Kiosk 1").Insert(first);
        station.ExpectRowEnded("r1", RowState.Succeeded);

        var database = (PostgresTestDatabase)Database;
        var second = new CountingTag(2);
        await database.SetReachableAsync(false);
        try
        {
            station.Pcsc.AddReader("Kiosk 2").Insert(second);
            var paused = station.ExpectProgress(s => s.State == JobState.Paused, "paused while PostgreSQL is gone");
            Assert.StartsWith("storage unavailable: ", paused.Summary.PausedReason, StringComparison.Ordinal);
            Assert.DoesNotContain("Password", paused.Summary.PausedReason, StringComparison.OrdinalIgnoreCase);

            // The station keeps serving its readers while its database is gone.
            var uid = await new ReaderRequests(station.System, station.Readers)
                .RequestAsync(ReaderId.FromReaderName("Kiosk 2"), new Transmit([0xFF, 0xCA, 0x00, 0x00, 0x00]), StationRun.Wait);
            Assert.True(uid.IsSuccess, uid.ToString());
            Assert.Equal(0, second.Writes);
        }
        finally
        {
            await database.SetReachableAsync(true);
        }

        station.ExpectProgress(s => s.State == JobState.Running && s.PausedReason is null, "back with PostgreSQL");
        station.ExpectRowEnded("r2", RowState.Succeeded);
        Assert.Equal((1, 1), (first.Writes, second.Writes));
        var view = await station.GetAsync(jobId);
        Assert.Equal((JobState.Completed, 2), (view.Summary.State, view.Summary.Succeeded));
    }
}
