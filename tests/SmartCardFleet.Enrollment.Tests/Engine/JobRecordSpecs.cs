using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using SmartCardFleet.Enrollment.Jobs;
using SmartCardFleet.Enrollment.Tests.Support;
using SmartCardFleet.Storage.Audit;
using Xunit.Abstractions;

namespace SmartCardFleet.Enrollment.Tests.Engine;

/// <summary>What a job leaves behind: an audit entry per row attempt with the arguments redacted, and snapshots that a
/// restarted station recovers from.</summary>
public class JobRecordSpecs(ITestOutputHelper output) : JobSpec(output)
{
    [Fact]
    public async Task Each_row_is_audited_as_job_row_by_the_jobs_creator_with_its_card_and_its_secret_arguments_hidden()
    {
        var audit = new RecordingAudit();
        var station = StartStation(options => options.Audit = audit);
        var definition = StationRun.UriJob(1, "https://h.example/1") is var job
            ? job with { Rows = [new JobRow("r1", new JsonObject { ["uri"] = "https://h.example/1", ["pin"] = "1234" })] }
            : null!;
        await station.CreateAsync(definition);
        var tag = new CountingTag(1);
        station.Pcsc.AddReader("Kiosk 1").Insert(tag);

        // The plugin refuses the undeclared "pin" argument before touching the card: a failed attempt, audited too.
        station.ExpectRowEnded("r1", RowState.Failed);
        var entry = Assert.Single(audit.Entries);
        Assert.Equal(("job.row", "alice", "kiosk", "kiosk-1", tag.Uid, AuditOutcome.Failed),
            (entry.Action, entry.Who, entry.Station, entry.Reader, entry.CardUid, entry.Outcome));
        Assert.StartsWith("InvalidArgument", entry.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("1234", entry.What, StringComparison.Ordinal);
        Assert.Equal("***", (string?)JsonNode.Parse(entry.What!)!["arguments"]!["pin"]);
        Assert.Equal("https://h.example/1", (string?)JsonNode.Parse(entry.What!)!["arguments"]!["uri"]);
    }

    [Fact]
    public async Task A_restarted_station_recovers_a_job_from_its_snapshot_and_the_events_after_it()
    {
        var station = StartStation(options => options.SnapshotEvery = 3);
        var jobId = (await station.CreateAsync(StationRun.UriJob(1, "https://i.example/1", "https://i.example/2", "https://i.example/3"))).Summary.JobId;
        station.Pcsc.AddReader("Kiosk 1").Insert(new CountingTag(1));
        station.ExpectRowEnded("r1", RowState.Succeeded);
        station.Pcsc.AddReader("Kiosk 2").Insert(new CountingTag(2));
        station.ExpectRowEnded("r2", RowState.Succeeded);
        var before = await station.GetAsync(jobId);
        await station.CrashAsync();

        Assert.True(await SnapshotCountAsync() > 0, "no snapshot was written");
        station = StartStation(options => options.SnapshotEvery = 3);
        var after = await station.GetAsync(jobId);
        Assert.Equal(before.Summary, after.Summary);
        Assert.Equal(before.Rows.Select(r => (r.RowId, r.State, r.Attempts, r.Last?.Uid)), after.Rows.Select(r => (r.RowId, r.State, r.Attempts, r.Last?.Uid)));
    }

    [Fact]
    public async Task A_job_of_the_largest_size_is_created_and_recovered_within_seconds()
    {
        var uris = Enumerable.Range(1, JobDefinition.MaxRows).Select(i => $"https://j.example/badge/{i:D5}").ToArray();
        var station = StartStation();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var jobId = (await station.CreateAsync(StationRun.UriJob(1, uris))).Summary.JobId;
        var created = clock.Elapsed;
        await station.CrashAsync();

        station = StartStation();
        clock.Restart();
        var recovered = await station.GetAsync(jobId, RowState.Pending);
        Output.WriteLine($"10,000 rows: created in {created.TotalMilliseconds:F0} ms, recovered in {clock.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal((JobDefinition.MaxRows, JobDefinition.MaxRows), (recovered.Summary.Total, recovered.Summary.Pending));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"recovery took {clock.Elapsed}");
    }

    private async Task<long> SnapshotCountAsync()
    {
        await using var connection = new SqliteConnection(((SqliteTestDatabase)Database).Settings.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM snapshot WHERE persistence_id LIKE 'job-kiosk-%'";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private sealed class RecordingAudit : IAuditJournal
    {
        private readonly ConcurrentQueue<AuditEntry> _entries = new();

        public IReadOnlyList<AuditEntry> Entries => [.. _entries];

        public bool Record(AuditEntry entry)
        {
            _entries.Enqueue(entry);
            return true;
        }
    }
}
