using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Akka.Actor;
using SmartCardFleet.Enrollment.Jobs;
using SmartCardFleet.Host.Api;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Api.Jobs;

/// <summary>The job API's shape against <see cref="ScriptedJobManager"/>: what reaches the manager, and every refusal
/// as a problem before anything is created.</summary>
public sealed class JobApiTests(JobApiTests.JobStation fixture) : IClassFixture<JobApiTests.JobStation>
{
    public const string Ndef = "org.smartcardfleet.ndef";

    private readonly StationUnderTest _station = fixture.Station;

    private async Task<IReadOnlyList<T>> ReceivedAsync<T>() =>
        [.. (await ScriptedJobManager.ReceivedAsync(fixture.Manager)).OfType<T>()];

    [Fact]
    public async Task A_csv_job_is_created_with_typed_rows_and_answers_201_with_its_location()
    {
        var response = await _station.PostAsync("/api/jobs", new
        {
            name = "csv-created", plugin = Ndef, operation = "write-ndef-text", readers = new { pattern = "simulated-reader-0*" },
            retry = new { maxAttempts = 2 }, csv = "rowId,text,language\r\nalice,\"Alice, A.\",de\nbob,Bob,\n",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/jobs/job-1", response.Headers.Location?.OriginalString);
        var view = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("job-1", view["summary"]!["jobId"]!.GetValue<string>());
        Assert.Equal("Running", view["summary"]!["state"]!.GetValue<string>());
        var create = Assert.Single(await ReceivedAsync<CreateJob>(), c => c.Definition.Name == "csv-created");
        Assert.Equal("local", create.Who);
        Assert.Equal(new ReaderSelection(null, "simulated-reader-0*"), create.Definition.Readers);
        Assert.Equal(2, create.Definition.Retry.MaxAttempts);
        Assert.Equal(["alice", "bob"], create.Definition.Rows.Select(r => r.RowId));
        Assert.Equal("Alice, A.", create.Definition.Rows[0].Arguments["text"]!.GetValue<string>());
        Assert.Equal("de", create.Definition.Rows[0].Arguments["language"]!.GetValue<string>());
        Assert.False(create.Definition.Rows[1].Arguments.ContainsKey("language"));
    }

    [Fact]
    public async Task Json_rows_and_a_count_are_the_other_two_inputs()
    {
        Assert.Equal(HttpStatusCode.Created, (await _station.PostAsync("/api/jobs", new
        {
            name = "json-rows", plugin = Ndef, operation = "write-ndef-text",
            rows = new object[] { new { rowId = "r1", arguments = new { text = "one" } }, new { arguments = new { text = "two" } } },
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _station.PostAsync("/api/jobs", new
        {
            name = "counted", plugin = Ndef, operation = "write-ndef-text", count = 5, arguments = new { text = "same" },
        })).StatusCode);

        var created = await ReceivedAsync<CreateJob>();
        Assert.Equal(["r1", "2"], created.Single(c => c.Definition.Name == "json-rows").Definition.Rows.Select(r => r.RowId));
        Assert.Equal(5, created.Single(c => c.Definition.Name == "counted").Definition.Rows.Count);
        Assert.Equal(RetryPolicy.Default, created.Single(c => c.Definition.Name == "counted").Definition.Retry);
    }

    [Fact]
    public async Task Bad_csv_is_400_with_every_error_by_row_and_column_and_nothing_is_created()
    {
        var problem = await ProblemAssert.IsAsync(await _station.PostAsync("/api/jobs", new
        {
            name = "bad-csv", plugin = Ndef, operation = "write-ndef-text",
            csv = "rowId,text,colour\na,A,red\na,,blue\n",
        }), HttpStatusCode.BadRequest, "3 errors");

        Assert.Equal("InvalidDefinition", problem["reason"]!.GetValue<string>());
        Assert.Equal(3, problem["errorCount"]!.GetValue<int>());
        var errors = problem["errors"]!.AsArray().Select(e => (e!["row"]?.GetValue<int>(), e["column"]?.GetValue<string>())).ToList();
        Assert.Equal([(null, "colour"), (2, "text"), (2, "rowId")], errors);
        Assert.DoesNotContain(await ReceivedAsync<CreateJob>(), c => c.Definition.Name == "bad-csv");
    }

    [Theory]
    [InlineData("{\"plugin\":\"org.smartcardfleet.ndef\",\"operation\":\"write-ndef-text\"}", "exactly one input", "rows")]
    [InlineData("{\"plugin\":\"org.smartcardfleet.ndef\",\"operation\":\"write-ndef-text\",\"csv\":\"text\\nA\",\"count\":2}", "exactly one input", "rows")]
    [InlineData("{\"plugin\":\"org.smartcardfleet.ndef\",\"operation\":\"write-ndef-text\",\"csv\":\"text\\nA\",\"arguments\":{}}", "goes with", "arguments")]
    [InlineData("{\"operation\":\"write-ndef-text\",\"count\":1}", "plugin is required", "plugin")]
    [InlineData("{\"plugin\":\"org.smartcardfleet.ndef\",\"operation\":\"write-ndef-text\",\"count\":1,\"arguments\":{\"text\":\"a\"},\"retry\":{\"maxAttempts\":0}}", "retry.maxAttempts must be 1..100", "retry.maxAttempts")]
    [InlineData("{\"plugin\":\"org.smartcardfleet.ndef\",\"operation\":\"write-ndef-text\",\"count\":1,\"arguments\":{\"text\":\"a\"},\"readers\":{\"station\":\"elsewhere\"}}", "runs on the station that owns", "readers.station")]
    [InlineData("{\"plugin\":\"org.smartcardfleet.ndef\",\"operation\":\"write-ndef-text\",\"count\":1,\"arguments\":{\"text\":\"a\"},\"readers\":{\"pattern\":\"Kiosk/*\"}}", "readers.pattern", "readers.pattern")]
    public async Task A_malformed_request_is_400_naming_the_field(string body, string expected, string field)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        var problem = await ProblemAssert.IsAsync(await _station.Http.PostAsync("/api/jobs", content), HttpStatusCode.BadRequest, expected);

        Assert.Equal(field, problem["field"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("org.example.none", "write-ndef-text", "UnknownPlugin", "no loaded plugin")]
    [InlineData(Ndef, "format-disk", "UnknownOperation", "write-ndef-text")]
    public async Task An_unknown_plugin_or_operation_is_404_naming_what_exists(string plugin, string operation, string reason, string expected)
    {
        var problem = await ProblemAssert.IsAsync(await _station.PostAsync("/api/jobs", new { plugin, operation, count = 1 }),
            HttpStatusCode.NotFound, expected);

        Assert.Equal(reason, problem["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_csv_larger_than_the_general_body_limit_is_accepted_up_to_the_jobs_bound()
    {
        var csv = "text\n" + string.Concat(Enumerable.Range(0, JobDefinition.MaxRows).Select(i => $"{i}-{new string('x', 150)}\n"));
        Assert.True(Encoding.UTF8.GetByteCount(csv) > RequestBodyLimit.MaxBytes);

        var created = await _station.PostAsync("/api/jobs", new { name = "large", plugin = Ndef, operation = "write-ndef-text", csv });
        var tooLarge = await _station.PostAsync("/api/jobs", new
        {
            name = "too-large", plugin = Ndef, operation = "write-ndef-text", csv = new string('x', (int)JobCreation.MaxBodyBytes),
        });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal(JobDefinition.MaxRows, (await ReceivedAsync<CreateJob>()).Single(c => c.Definition.Name == "large").Definition.Rows.Count);
    }

    [Fact]
    public async Task The_list_takes_a_state_by_its_one_name_and_a_bounded_limit()
    {
        var list = await _station.GetJsonAsync("/api/jobs?state=Running&limit=7");

        Assert.Equal("job-1", list["jobs"]![0]!["jobId"]!.GetValue<string>());
        Assert.Contains(await ReceivedAsync<ListJobs>(), l => l is { Limit: 7, State: JobState.Running });
        await ProblemAssert.IsAsync(await _station.Http.GetAsync("/api/jobs?state=1"), HttpStatusCode.BadRequest, "Running, Paused");
        await ProblemAssert.IsAsync(await _station.Http.GetAsync("/api/jobs?state=Running,Paused"), HttpStatusCode.BadRequest, "state");
        await ProblemAssert.IsAsync(await _station.Http.GetAsync("/api/jobs?limit=501"), HttpStatusCode.BadRequest, "limit");
    }

    [Fact]
    public async Task Show_pages_rows_by_state_and_an_unknown_job_is_404()
    {
        var view = await _station.GetJsonAsync("/api/jobs/shown?rowOffset=5&rowLimit=10&rowState=InDoubt");

        Assert.Equal("shown", view["summary"]!["jobId"]!.GetValue<string>());
        Assert.Contains(await ReceivedAsync<GetJob>(), g => g is { JobId: "shown", RowOffset: 5, RowLimit: 10, RowState: RowState.InDoubt });
        var problem = await ProblemAssert.IsAsync(await _station.Http.GetAsync("/api/jobs/unknown"), HttpStatusCode.NotFound, "no job");
        Assert.Equal("UnknownJob", problem["reason"]!.GetValue<string>());
        await ProblemAssert.IsAsync(await _station.Http.GetAsync("/api/jobs/x?rowLimit=1001"), HttpStatusCode.BadRequest, "rowLimit");
        await ProblemAssert.IsAsync(await _station.Http.GetAsync("/api/jobs/x?rowState=Lost"), HttpStatusCode.BadRequest, "InDoubt");
    }

    [Theory]
    [InlineData("pause")]
    [InlineData("resume")]
    [InlineData("cancel")]
    public async Task Pause_resume_and_cancel_reach_the_manager_with_the_caller_and_a_wrong_state_is_409(string command)
    {
        var response = await _station.PostAsync($"/api/jobs/{command}-me/{command}", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var received = await ScriptedJobManager.ReceivedAsync(fixture.Manager);
        Assert.Contains(received, m => m switch
        {
            PauseJob p => p is { JobId: "pause-me", Who: "local" },
            ResumeJob r => r is { JobId: "resume-me", Who: "local" },
            CancelJob c => c is { JobId: "cancel-me", Who: "local" },
            _ => false,
        });
        var problem = await ProblemAssert.IsAsync(await _station.PostAsync($"/api/jobs/finished/{command}", null), HttpStatusCode.Conflict);
        Assert.Equal("InvalidState", problem["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_decision_takes_exactly_one_known_name()
    {
        Assert.Equal(HttpStatusCode.OK, (await _station.PostAsync("/api/jobs/decided/rows/r7/decision", new { decision = "RunAgain" })).StatusCode);
        Assert.Contains(await ReceivedAsync<DecideRow>(), d => d is { JobId: "decided", RowId: "r7", Decision: RowDecision.RunAgain });

        await ProblemAssert.IsAsync(await _station.PostAsync("/api/jobs/decided/rows/r7/decision", new { decision = "Maybe" }),
            HttpStatusCode.BadRequest, "Done, RunAgain");
        await ProblemAssert.IsAsync(await _station.PostAsync("/api/jobs/decided/rows/r7/decision", new { decision = "Done,RunAgain" }),
            HttpStatusCode.BadRequest, "decision");
        await ProblemAssert.IsAsync(await _station.PostAsync("/api/jobs/decided/rows/r7/decision", new { }), HttpStatusCode.BadRequest,
            "decision is required");
        var notInDoubt = await ProblemAssert.IsAsync(await _station.PostAsync("/api/jobs/decided/rows/certain/decision", new { decision = "Done" }),
            HttpStatusCode.Conflict);
        Assert.Equal("NotInDoubt", notInDoubt["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_row_id_outside_the_rule_is_404_without_asking()
    {
        var problem = await ProblemAssert.IsAsync(
            await _station.PostAsync("/api/jobs/decided/rows/a%20b/decision", new { decision = "Done" }), HttpStatusCode.NotFound, "row ids are");

        Assert.Equal("UnknownRow", problem["reason"]!.GetValue<string>());
    }

    /// <summary>A simulated station with the shipped plugins and the scripted manager as its job manager.</summary>
    public sealed class JobStation : IAsyncLifetime
    {
        public StationUnderTest Station { get; private set; } = null!;

        public IActorRef Manager { get; private set; } = ActorRefs.Nobody;

        public async Task InitializeAsync()
        {
            Station = await StationUnderTest.StartAsync(readers: 2,
                overrides: new Dictionary<string, string?> { ["Station:Plugins:Directory"] = RepositoryPaths.ShippedPlugins });
            Manager = ScriptedJobManager.RegisterIn(Station);
        }

        public async Task DisposeAsync() => await Station.DisposeAsync();
    }
}
