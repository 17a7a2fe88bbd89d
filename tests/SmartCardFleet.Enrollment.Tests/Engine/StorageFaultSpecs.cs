using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Messaging;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Enrollment.Jobs;
using SmartCardFleet.Enrollment.Tests.Support;
using Xunit.Abstractions;

namespace SmartCardFleet.Enrollment.Tests.Engine;

/// <summary>The journal's SQLite file is locked by another connection in the middle of a job: the job pauses with the
/// reason, the readers keep answering, the row whose start could not be written never ran, and the job resumes by
/// itself when the lock is released.</summary>
public class StorageFaultSpecs(ITestOutputHelper output) : JobSpec(output)
{
    [Fact]
    public async Task A_locked_database_pauses_the_job_with_the_reason_the_readers_keep_working_and_the_job_resumes_when_it_is_released()
    {
        var station = StartStation();
        var jobId = (await station.CreateAsync(StationRun.UriJob(3, "https://f.example/1", "https://f.example/2"))).Summary.JobId;
        var first = new CountingTag(1);
        station.Pcsc.AddReader("Kiosk 1").Insert(first);
        station.ExpectRowEnded("r1", RowState.Succeeded);

        var database = (SqliteTestDatabase)Database;
        var second = new CountingTag(2);
        await using (await database.LockAsync())
        {
            station.Pcsc.AddReader("Kiosk 2").Insert(second);
            var paused = station.ExpectProgress(s => s.State == JobState.Paused, "paused for storage");
            Assert.StartsWith("storage unavailable: database is locked: another connection holds the write lock of the SQLite database",
                paused.Summary.PausedReason, StringComparison.Ordinal);
            var listed = Assert.Single((await station.AskAsync<JobList>(new ListJobs())).Jobs);
            Assert.Equal((JobState.Paused, paused.Summary.PausedReason), (listed.State, listed.PausedReason));
            var refused = await station.AskAsync<JobRefused>(new PauseJob(jobId, "dave"));
            Assert.Equal(JobRefusal.StorageUnavailable, refused.Reason);
            Assert.Contains(paused.Summary.PausedReason!["storage unavailable: ".Length..], refused.Message, StringComparison.Ordinal);

            // The station keeps serving its readers while its database is locked.
            var uid = await new ReaderRequests(station.System, station.Readers)
                .RequestAsync(ReaderId.FromReaderName("Kiosk 2"), new Transmit([0xFF, 0xCA, 0x00, 0x00, 0x00]), StationRun.Wait);
            Assert.True(uid.IsSuccess, uid.ToString());
            Assert.Equal(second.Uid, Convert.ToHexString(uid.Value!.Data));
            Assert.Equal(0, second.Writes);
        }

        station.ExpectProgress(s => s.State == JobState.Running && s.PausedReason is null, "back after the lock");
        station.ExpectRowEnded("r2", RowState.Succeeded);
        Assert.Equal((1, 1), (first.Writes, second.Writes));
        var view = await station.GetAsync(jobId);
        Assert.Equal((JobState.Completed, 2), (view.Summary.State, view.Summary.Succeeded));
        Assert.All(view.Rows, row => Assert.Equal(1, row.Attempts));
    }
}
