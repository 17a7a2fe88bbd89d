using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace SmartCardFleet.Host.Tests.Dashboard;

/// <summary>The job API and the event stream as the dashboard's page sees them: /api/jobs answers from one job the test
/// shapes (the JSON of the job contracts, camelCase), and /api/events is an SSE answer that delivers the events the test
/// queued and asks the browser to come back 100 ms later, so a test pushes an event and waits for the page to show it.
/// Every other request reaches the real station.</summary>
internal sealed class FakeJobsApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ConcurrentQueue<string> _events = new();
    private long _eventId;

    public ConcurrentQueue<(string Method, string Path, string? Body)> Requests { get; } = new();

    public string JobState { get; set; } = "Running";

    public string DecidedRowState { get; set; } = "InDoubt";

    /// <summary>Set by a DELETE of the job: the list is empty from then on.</summary>
    public bool Deleted { get; private set; }

    public static object Summary(string state, int succeeded = 1, int failed = 1, int inDoubt = 1, int pending = 1, string jobId = "job-1") => new
    {
        jobId, name = "Badges", pluginId = "org.smartcardfleet.ndef", operation = "write-ndef-text", state, pausedReason = (string?)null,
        total = 4, succeeded, failed, inDoubt, running = 0, pending, createdAt = DateTimeOffset.UnixEpoch, createdBy = "local",
    };

    public void Push(string type, string? readerId, object data) =>
        _events.Enqueue(JsonSerializer.Serialize(new
        {
            id = Interlocked.Increment(ref _eventId), type, readerId, timestamp = DateTimeOffset.UtcNow, data, station = "test",
        }, Json));

    public async Task AnswerAsync(IPage page)
    {
        await page.RouteAsync(url => new Uri(url).AbsolutePath == "/api/events", async route =>
        {
            var body = new StringBuilder("retry: 100\n\n");
            while (_events.TryDequeue(out var record))
            {
                body.Append("data: ").Append(record).Append("\n\n");
            }

            await route.FulfillAsync(new() { Status = 200, ContentType = "text/event-stream", Body = body.ToString() });
        });
        await page.RouteAsync(url => new Uri(url).AbsolutePath.StartsWith("/api/jobs", StringComparison.Ordinal), async route =>
        {
            var path = new Uri(route.Request.Url).AbsolutePath;
            Requests.Enqueue((route.Request.Method, path, route.Request.PostData));
            if (path.EndsWith("/pause", StringComparison.Ordinal))
            {
                JobState = "Paused";
            }

            if (path.EndsWith("/decision", StringComparison.Ordinal))
            {
                DecidedRowState = "Pending";
            }

            if (route.Request.Method == "DELETE")
            {
                Deleted = true;
                await route.FulfillAsync(new() { Status = 204 });
                return;
            }

            if (Deleted && path != "/api/jobs")
            {
                await route.FulfillAsync(new() { Status = 404, ContentType = "application/problem+json",
                    Body = """{"title":"UnknownJob","status":404,"detail":"no job 'job-1' on this station"}""" });
                return;
            }

            object body = path == "/api/jobs" ? new { jobs = Deleted ? [] : new[] { Summary(JobState) } } : View();
            await route.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = JsonSerializer.Serialize(body, Json) });
        });
    }

    private object View() => new
    {
        summary = Summary(JobState), readers = new { station = (string?)null, namePattern = (string?)null }, retry = new { maxAttempts = 3 },
        rowOffset = 0,
        rows = new object[]
        {
            Row("alice", "Succeeded", "simulated-reader-00", "04A1B2C3", null),
            Row("bob", "Failed", "simulated-reader-01", null, "<img src=x onerror=\"document.title='pwned'\">card refused"),
            Row("carol", DecidedRowState, "simulated-reader-02", null, "card pulled during the write"),
            new { rowId = "dave", state = "Pending", attempts = 0, last = (object?)null },
        },
    };

    private static object Row(string id, string state, string reader, string? uid, string? error) => new
    {
        rowId = id, state, attempts = 1,
        last = new
        {
            station = "test", readerId = reader, atr = "3B8F8001804F0CA0000003060300030000000068", uid,
            startedAt = DateTimeOffset.UtcNow, endedAt = DateTimeOffset.UtcNow, error, result = (object?)null,
        },
    };
}
