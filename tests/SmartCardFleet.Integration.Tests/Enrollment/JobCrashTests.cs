using System.Text.Json.Nodes;
using Npgsql;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Integration.Tests.Cluster;
using SmartCardFleet.Integration.Tests.RealFleet;
using SmartCardFleet.Integration.Tests.Support;
using Xunit.Abstractions;

namespace SmartCardFleet.Integration.Tests.Enrollment;

/// <summary>
/// Issue 14's promise at process level, on the real fleet: `fleet run` is killed with SIGKILL while a job's row is on a
/// card (its NDEF write held on the card until the process is dead), then started again on the same database. Rows
/// completed before the crash stay completed; the row in flight is in doubt and is settled on the same card by the
/// plugin's verify operation (the write did reach the card), never by writing it again; the job then finishes, and the
/// cards prove it: each holds exactly one row's message, committed once.
/// </summary>
[Collection(RealFleetCollection.Name)]
public sealed class JobCrashTests(RealFleetFixture fixture, ITestOutputHelper output)
{
    private const string NdefPlugin = "org.smartcardfleet.ndef";

    [Fact]
    public Task A_station_killed_mid_row_on_SQLite_resumes_the_job_without_losing_or_repeating_a_row()
    {
        var data = Directory.CreateTempSubdirectory("fleet-kill9-sqlite-").FullName;
        return RunAsync($"--Storage:DataDirectory={data}");
    }

    [Fact]
    public async Task A_station_killed_mid_row_on_PostgreSql_resumes_the_job_without_losing_or_repeating_a_row()
    {
        var database = $"fleet_test_{Guid.NewGuid():N}";
        var connection = await TestPostgres.CreateDatabaseAsync(database);
        try
        {
            await RunAsync("--Storage:Provider=PostgreSql", $"--Storage:ConnectionString={connection}");
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await TestPostgres.DropDatabaseAsync(database);
        }
    }

    private async Task RunAsync(params string[] storage)
    {
        var layout = fixture.Require().Layout;
        // Two slots of one vpcd entry: one pattern takes both, and no other slot's card can take a row.
        var changing = layout.Reader(8);
        var held = layout.Reader(9);
        var pattern = CommonPrefix(ReaderId.FromReaderName(changing.ReaderName).Value, ReaderId.FromReaderName(held.ReaderName).Value) + "*";
        var run = Guid.NewGuid().ToString("N")[..8];
        var uris = Enumerable.Range(1, 4).ToDictionary(i => $"r{i}", i => $"https://example.org/enrol/{run}/r{i}");
        await using var station = FleetNodeProcess.StandalonePcscStation("enrolment", [
            $"--Station:Plugins:Directory={RepositoryPaths.ShippedPlugins}", "--Logging:LogLevel:Default=Information", .. storage]);
        using var first = new NdefTestCard(1);
        using var second = new NdefTestCard(2);
        using var inFlight = new NdefTestCard(3);
        using var last = new NdefTestCard(4);
        try
        {
            station.Start();
            await UntilReadyAsync(station);
            var jobs = new JobsClient(station);
            var job = await jobs.CreateAsync(NdefPlugin, "write-ndef-uri", pattern,
                uris.Select(u => (u.Key, new JsonObject { ["uri"] = u.Value })));

            await IssueAsync(jobs, job, changing, first, "r1");
            await IssueAsync(jobs, job, changing, second, "r2");

            inFlight.Gate.Hold();
            await using (var card = await FleetCard.InsertAsync(fixture.Api, held, inFlight.Card))
            {
                await Poll.UntilAsync("the NDEF commit of row r3 to reach the card", JobsClient.RowDeadline,
                    () => Task.FromResult(inFlight.Gate.Waiting), waiting => waiting == 1, waiting => $"{waiting} commands held",
                    () => station.RecentOutput(60));
                Assert.Equal("Running", JobsClient.State(await jobs.GetAsync(job), "r3"));
                await station.KillAsync();
                // The dead station's command completes on the card, as a card's write does once it has begun.
                inFlight.Gate.Release();
                var receivedBeforeRestart = inFlight.Card.Commands.Count;
                output.WriteLine($"killed with r3 in flight; the card received {receivedBeforeRestart} commands");

                station.Start();
                await UntilReadyAsync(station);
                var settled = await jobs.UntilRowAsync(job, "r3", "Succeeded", "InDoubt");
                if (JobsClient.State(settled, "r3") == "InDoubt")
                {
                    output.WriteLine($"r3 in doubt after the restart: {JobsClient.Row(settled, "r3").ToJsonString()}");
                    settled = await jobs.UntilRowAsync(job, "r3", "Succeeded");
                }

                var restarted = await jobs.GetAsync(job);
                Assert.Equal("Succeeded", JobsClient.State(restarted, "r1"));
                Assert.Equal("Succeeded", JobsClient.State(restarted, "r2"));
                Assert.Equal(0, inFlight.WritesFrom(receivedBeforeRestart));
            }

            await IssueAsync(jobs, job, changing, last, "r4");
            var done = await jobs.UntilJobAsync(job, "Completed");
            // The audit journal has every row attempt (written off the request path, so waited for): r3 once in doubt,
            // then once verified, and every other row exactly once.
            var rows = await Poll.UntilAsync("the audit journal to hold the job's 5 row entries", JobsClient.RowDeadline,
                async () => (await ApiAnswer.GetAsync(station.Http, "/api/audit?action=job.row")).Json("GET /api/audit")["records"]!.AsArray()
                    .Where(r => (string?)r!["what"]?["job"] == job).Select(r => r!).ToList(),
                records => records.Count >= 5, records => string.Join("; ", records.Select(r => r.ToJsonString())));
            var r3 = rows.Where(r => (string?)r["what"]!["row"] == "r3").OrderBy(r => (long)r["id"]!).ToList();
            Assert.Equal(["Failed", "Succeeded"], r3.Select(r => (string?)r["outcome"]));
            Assert.StartsWith("in doubt", (string?)r3[0]["detail"], StringComparison.Ordinal);
            Assert.Equal(["r1", "r2", "r3", "r3", "r4"], rows.Select(r => (string?)r["what"]!["row"]).Order());
            foreach (var (rowId, card) in new[] { ("r1", first), ("r2", second), ("r3", inFlight), ("r4", last) })
            {
                Assert.Equal("Succeeded", JobsClient.State(done, rowId));
                Assert.True(card.Holds(uris[rowId]), $"the card of {rowId} holds {card}, not {uris[rowId]}");
                Assert.Equal(1, card.Commits);
            }
        }
        catch
        {
            output.WriteLine(station.RecentOutput(200));
            throw;
        }
    }

    /// <summary>One card into the changing slot; its row succeeds; the card is taken out again.</summary>
    private async Task IssueAsync(JobsClient jobs, string job, VirtualCards.Fleet.VpcdReaderSlot slot, NdefTestCard card, string rowId)
    {
        await using var inserted = await FleetCard.InsertAsync(fixture.Api, slot, card.Card);
        var view = await jobs.UntilRowAsync(job, rowId, "Succeeded", "Failed", "InDoubt");
        Assert.True(JobsClient.State(view, rowId) == "Succeeded", $"row {rowId}: {JobsClient.Row(view, rowId).ToJsonString()}");
    }

    private static Task UntilReadyAsync(FleetNodeProcess station) =>
        Poll.UntilAsync($"{station.Name} to be ready", ProcessFleet.StartDeadline, async () =>
        {
            station.ThrowIfExited();
            return await ApiAnswer.GetAsync(station.Http, "/readyz");
        }, answer => answer.Ok, answer => answer.ToString(), () => station.RecentOutput(60));

    private static string CommonPrefix(string a, string b) =>
        a[..Enumerable.Range(0, Math.Min(a.Length, b.Length)).TakeWhile(i => a[i] == b[i]).Count()];
}
