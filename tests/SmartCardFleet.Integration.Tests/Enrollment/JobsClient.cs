using System.Text.Json.Nodes;
using SmartCardFleet.Integration.Tests.Cluster;

namespace SmartCardFleet.Integration.Tests.Enrollment;

/// <summary>The jobs API of one `fleet run` process as an operator's tool uses it: create a job, read it, wait for a
/// row's state, decide an in-doubt row. Every wait polls the API (another process decides when the state changes).</summary>
internal sealed class JobsClient(FleetNodeProcess station)
{
    public static readonly TimeSpan RowDeadline = TimeSpan.FromSeconds(60);

    /// <summary>POST /api/jobs with one row per (row id, arguments); returns the job's id.</summary>
    public async Task<string> CreateAsync(string plugin, string operation, string readerPattern, IEnumerable<(string RowId, JsonObject Arguments)> rows)
    {
        var body = new
        {
            name = "kill -9 test",
            plugin,
            operation,
            readers = new { pattern = readerPattern },
            retry = new { maxAttempts = 1 },
            rows = rows.Select(r => new { rowId = r.RowId, arguments = r.Arguments }).ToArray(),
        };
        var created = (await ApiAnswer.PostAsync(station.Http, "/api/jobs", body)).Json("POST /api/jobs");
        return (string?)created["summary"]?["jobId"] ?? throw new InvalidOperationException($"POST /api/jobs answered no job id: {created}");
    }

    public async Task<JsonNode> GetAsync(string jobId) =>
        (await ApiAnswer.GetAsync(station.Http, $"/api/jobs/{jobId}")).Json($"GET /api/jobs/{jobId}");

    public static JsonNode Row(JsonNode job, string rowId) =>
        job["rows"]!.AsArray().FirstOrDefault(r => (string?)r!["rowId"] == rowId)
        ?? throw new InvalidOperationException($"job has no row {rowId}: {job}");

    public static string State(JsonNode job, string rowId) => (string?)Row(job, rowId)["state"] ?? "";

    /// <summary>Polls until row <paramref name="rowId"/> is in one of <paramref name="states"/>; returns the job then.</summary>
    public Task<JsonNode> UntilRowAsync(string jobId, string rowId, params string[] states) =>
        Poll.UntilAsync($"row {rowId} of job {jobId} to be {string.Join(" or ", states)}", RowDeadline, () => GetAsync(jobId),
            job => states.Contains(State(job, rowId)), job => job.ToJsonString(), () => station.RecentOutput(60));

    public Task<JsonNode> UntilJobAsync(string jobId, string state) =>
        Poll.UntilAsync($"job {jobId} to be {state}", RowDeadline, () => GetAsync(jobId),
            job => (string?)job["summary"]?["state"] == state, job => job.ToJsonString(), () => station.RecentOutput(60));

    /// <summary>POST the operator's decision ("Done" or "RunAgain") on an in-doubt row.</summary>
    public async Task DecideAsync(string jobId, string rowId, string decision) =>
        (await ApiAnswer.PostAsync(station.Http, $"/api/jobs/{jobId}/rows/{rowId}/decision", new { decision }))
            .Json($"decision {decision} on row {rowId}");
}
