using System.Net;
using System.Text.Json.Nodes;
using SmartCardFleet.Host.Cli;
using SmartCardFleet.Host.Simulation;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Api.Jobs;

/// <summary>A job on the simulated fleet with the real engine, its SQLite journal and the shipped NDEF plugin: created
/// from a CSV through the API, two blank tags arrive, each takes a row, the text is on the card, and list, show and
/// `fleet jobs show` report it.</summary>
public sealed class JobEndToEndTests : IAsyncLifetime
{
    private StationUnderTest _station = null!;

    public async Task InitializeAsync() => _station = await StationUnderTest.StartAsync(readers: 3,
        overrides: new Dictionary<string, string?> { ["Station:Plugins:Directory"] = RepositoryPaths.ShippedPlugins });

    public async Task DisposeAsync() => await _station.DisposeAsync();

    [Fact]
    public async Task Cards_arriving_take_the_rows_in_order_and_the_job_completes_with_each_cards_identity()
    {
        var created = await _station.PostAsync("/api/jobs", new
        {
            name = "badges", plugin = JobApiTests.Ndef, operation = "write-ndef-text", readers = new { pattern = "simulated-reader-0?" },
            csv = "rowId,text,language\nalice,Alice Martin,en\nbruno,Bruno Keller,de\n",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var jobId = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["summary"]!["jobId"]!.GetValue<string>();

        _station.Reader(0).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.NfcTag, [0x04, 0x11, 0x22, 0x33]));
        var first = await UntilRowAsync(jobId, "alice", "Succeeded");
        _station.Reader(1).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.NfcTag, [0x04, 0x44, 0x55, 0x66]));
        var job = await UntilRowAsync(jobId, "bruno", "Succeeded");

        Assert.Equal("Completed", job["summary"]!["state"]!.GetValue<string>());
        Assert.Equal(2, job["summary"]!["succeeded"]!.GetValue<int>());
        var alice = Row(first, "alice")["last"]!;
        var bruno = Row(job, "bruno")["last"]!;
        Assert.Equal(("simulated-reader-00", "04112233"), (alice["readerId"]!.GetValue<string>(), alice["uid"]!.GetValue<string>()));
        Assert.Equal(("simulated-reader-01", "04445566"), (bruno["readerId"]!.GetValue<string>(), bruno["uid"]!.GetValue<string>()));
        var written = await _station.PostAsync($"/api/readers/{StationUnderTest.ReaderId(1)}/operations/read-ndef", new { });
        Assert.Contains("Bruno Keller", await written.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var list = await _station.GetJsonAsync("/api/jobs?state=Completed");
        Assert.Contains(list["jobs"]!.AsArray(), j => j!["jobId"]!.GetValue<string>() == jobId);
        var (exit, shown, error) = await FleetProcess.RunAsync("jobs", "show", jobId, "--url", _station.BaseAddress.ToString().TrimEnd('/'));
        Assert.True(exit == ExitCodes.Ok, error);
        Assert.Matches(@"bruno\s+Succeeded\s+1\s+simulated-reader-01\s+\S+\s+04445566", shown);
    }

    [Fact]
    public async Task A_finished_job_is_deleted_with_the_cli_and_is_gone_while_a_running_one_answers_409()
    {
        var created = await _station.PostAsync("/api/jobs", new
        {
            plugin = JobApiTests.Ndef, operation = "write-ndef-text", count = 2, arguments = new { text = "visitor", language = "en" },
        });
        var jobId = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["summary"]!["jobId"]!.GetValue<string>();

        var running = await ProblemAssert.IsAsync(await _station.Http.DeleteAsync($"/api/jobs/{jobId}"), HttpStatusCode.Conflict,
            "only a completed or cancelled job can be deleted; cancel it first");
        Assert.Equal("InvalidState", running["reason"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await _station.PostAsync($"/api/jobs/{jobId}/cancel", null)).StatusCode);

        var url = _station.BaseAddress.ToString().TrimEnd('/');
        var (exit, output, error) = await FleetProcess.RunAsync("jobs", "delete", jobId, "--url", url);
        Assert.True(exit == ExitCodes.Ok, error);
        Assert.Equal($"deleted job {jobId}", output.Trim());

        await ProblemAssert.IsAsync(await _station.Http.GetAsync($"/api/jobs/{jobId}"), HttpStatusCode.NotFound);
        Assert.DoesNotContain((await _station.GetJsonAsync("/api/jobs"))["jobs"]!.AsArray(), j => j!["jobId"]!.GetValue<string>() == jobId);
        (exit, _, error) = await FleetProcess.RunAsync("jobs", "delete", jobId, "--url", url);
        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains($"no job '{jobId}'", error, StringComparison.Ordinal);
        var audited = await Eventually.GetAsync(async () =>
            (await _station.GetJsonAsync("/api/audit?action=job.delete"))["records"]!.AsArray() is { Count: 3 } records ? records : null,
            TimeSpan.FromSeconds(10), "the three job.delete audit entries");
        // The 409 (the job was running) failed, the CLI's delete succeeded, the second delete was refused (no such job).
        Assert.Equal(["Failed", "Refused", "Succeeded"], audited.Select(e => e!["outcome"]!.GetValue<string>()).Order());
    }

    private static JsonNode Row(JsonNode job, string rowId) =>
        job["rows"]!.AsArray().Single(r => r!["rowId"]!.GetValue<string>() == rowId)!;

    private Task<JsonNode> UntilRowAsync(string jobId, string rowId, string state) =>
        Eventually.GetAsync(async () =>
        {
            var job = await _station.GetJsonAsync($"/api/jobs/{jobId}");
            return Row(job, rowId)["state"]!.GetValue<string>() == state ? job : null;
        }, TimeSpan.FromSeconds(30), $"row {rowId} of job {jobId} to be {state}");
}
