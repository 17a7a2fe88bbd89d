using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Enrollment.Jobs;
using SmartCardFleet.Enrollment.Tests.Support;
using Xunit.Abstractions;

namespace SmartCardFleet.Enrollment.Tests.Engine;

/// <summary>
/// A card holds at most one row of a job, whatever restarts: the job knows the cards (ATR + UID) its rows ran on from
/// its journal, so a card left in its reader across a restart of the station, or of the job manager alone, takes no
/// second row. And a card put in before its job was created is that job's first card.
/// </summary>
public class CardIdentitySpecs(ITestOutputHelper output) : JobSpec(output)
{
    [Fact]
    public async Task A_finished_card_left_in_its_reader_across_a_restart_takes_no_second_row()
    {
        var station = StartStation();
        var jobId = (await station.CreateAsync(StationRun.UriJob(3, "https://z.example/1", "https://z.example/2"))).Summary.JobId;
        var first = new CountingTag(1);
        station.Pcsc.AddReader("Kiosk 1").Insert(first);
        station.ExpectRowEnded("r1", RowState.Succeeded);
        await station.CrashAsync();

        // The restarted station finds the same card still in Kiosk 1; the next card arrives in Kiosk 2.
        station = StartStation();
        station.Pcsc.AddReader("Kiosk 1").Insert(first);
        var second = new CountingTag(2);
        station.Pcsc.AddReader("Kiosk 2").Insert(second);
        var ended = station.ExpectRowEnded("r2", RowState.Succeeded);

        Assert.Equal((second.Uid, 1, 1), (ended.Attempt.Uid, first.Writes, second.Writes));
        Assert.Equal(JobState.Completed, (await station.GetAsync(jobId)).Summary.State);
    }

    [Fact]
    public async Task A_job_creation_refused_for_storage_leaves_the_manager_running_and_a_finished_card_takes_no_second_row()
    {
        var station = StartStation();
        await station.CreateAsync(StationRun.UriJob(3, "https://y.example/1", "https://y.example/2"));
        var manager = await station.System.ActorSelection(station.Jobs.Path / "manager").ResolveOne(StationRun.Wait);
        var first = new CountingTag(1);
        station.Pcsc.AddReader("Kiosk 1").Insert(first);
        station.ExpectRowEnded("r1", RowState.Succeeded);

        var database = (SqliteTestDatabase)Database;
        await using (await database.LockAsync())
        {
            // An operator tries to create a job while the database is locked: the job index cannot be written.
            var refused = await station.AskAsync<JobRefused>(new CreateJob(StationRun.UriJob(1, "https://x.example/1"), "bob"));
            Assert.Equal(JobRefusal.StorageUnavailable, refused.Reason);
            Assert.Contains("another connection holds the write lock of the SQLite database", refused.Message);
        }

        // Storage is back: jobs are created again, by the same manager (it was never stopped and restarted).
        await AwaitAssertAsync(async () => await station.CreateAsync(StationRun.UriJob(1, "https://x.example/1")), StationRun.Wait,
            TimeSpan.FromMilliseconds(100));
        Assert.Equal(manager, await station.System.ActorSelection(station.Jobs.Path / "manager").ResolveOne(StationRun.Wait));

        var second = new CountingTag(2);
        station.Pcsc.AddReader("Kiosk 2").Insert(second);
        var ended = station.ExpectRowEnded("r2", RowState.Succeeded);
        Assert.Equal((second.Uid, 1, 1), (ended.Attempt.Uid, first.Writes, second.Writes));
    }

    [Fact]
    public async Task A_card_already_in_its_reader_is_taken_by_a_job_created_afterwards()
    {
        var station = StartStation();
        var identified = CreateTestProbe(station.System);
        station.System.EventStream.Subscribe(identified.Ref, typeof(CardIdentified));
        var card = new CountingTag(1);
        station.Pcsc.AddReader("Kiosk 1").Insert(card);

        // Card in first, then the batch is started: what an operator does.
        identified.ExpectMsg<CardIdentified>(StationRun.Wait);
        await station.CreateAsync(StationRun.UriJob(3, "https://w.example/1"));

        station.ExpectRowEnded("r1", RowState.Succeeded);
        Assert.Equal(1, card.Writes);
    }
}
