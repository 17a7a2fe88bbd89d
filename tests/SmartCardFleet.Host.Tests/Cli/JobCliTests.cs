using SmartCardFleet.Enrollment.Jobs;
using SmartCardFleet.Host.Cli;
using SmartCardFleet.Host.Tests.Api.Jobs;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Cli;

/// <summary>`fleet jobs` as a real process against a station whose job manager is the scripted double.</summary>
public sealed class JobCliTests(JobApiTests.JobStation fixture) : IClassFixture<JobApiTests.JobStation>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fleet-job-cli-").FullName;

    private string Url => fixture.Station.BaseAddress.ToString().TrimEnd('/');

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string File(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Create_sends_the_csv_and_prints_the_new_job()
    {
        var csv = File("people.csv", "rowId,text\nalice,Alice\nbob,Bob\n");

        var (exit, output, error) = await FleetProcess.RunAsync("jobs", "create", "--plugin", JobApiTests.Ndef, "--operation", "write-ndef-text",
            "--name", "cli-csv", "--readers", "simulated-reader-*", "--retries", "4", "--csv", csv, "--url", Url);

        Assert.True(exit == ExitCodes.Ok, error);
        Assert.Contains("created job job-1 with 2 rows", output, StringComparison.Ordinal);
        Assert.Matches(@"job-1\s+Running\s+0\s+0\s+0\s+2\s+2\s+org\.smartcardfleet\.ndef write-ndef-text\s+cli-csv", output);
        var create = Assert.Single((await ScriptedJobManager.ReceivedAsync(fixture.Manager)).OfType<CreateJob>(), c => c.Definition.Name == "cli-csv");
        Assert.Equal(5, create.Definition.Retry.MaxAttempts);
        Assert.Equal("simulated-reader-*", create.Definition.Readers.NamePattern);
    }

    [Fact]
    public async Task A_refused_csv_prints_each_error_by_row_and_column_and_exits_1()
    {
        var csv = File("bad.csv", "text,colour\nAlice,red\n");

        var (exit, _, error) = await FleetProcess.RunAsync("jobs", "create", "--plugin", JobApiTests.Ndef, "--operation", "write-ndef-text",
            "--csv", csv, "--url", Url);

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains("400 InvalidDefinition", error, StringComparison.Ordinal);
        Assert.Contains("  header, column colour: unknown column", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_input_or_two_inputs_is_a_usage_error_before_any_request()
    {
        var (none, _, noneError) = await FleetProcess.RunAsync("jobs", "create", "--plugin", "p", "--operation", "o", "--url", "http://127.0.0.1:9");
        var (argsAlone, _, _) = await FleetProcess.RunAsync("jobs", "create", "--plugin", "p", "--operation", "o", "--csv", "x.csv",
            "--args", "{}", "--url", "http://127.0.0.1:9");

        Assert.Equal(ExitCodes.Usage, none);
        Assert.Contains("exactly one input", noneError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, argsAlone);
    }

    [Fact]
    public async Task List_prints_progress_and_decide_sends_the_decision_by_its_name()
    {
        var (listExit, listed, _) = await FleetProcess.RunAsync("jobs", "list", "--state", "Running", "--url", Url);
        var (decideExit, _, decideError) = await FleetProcess.RunAsync("jobs", "decide", "job-7", "r3", "run-again", "--url", Url);
        var (badExit, _, _) = await FleetProcess.RunAsync("jobs", "decide", "job-7", "r3", "maybe", "--url", Url);

        Assert.Equal(ExitCodes.Ok, listExit);
        Assert.Matches(@"JOB\s+STATE\s+SUCCEEDED\s+FAILED\s+IN DOUBT\s+PENDING\s+TOTAL", listed);
        Assert.True(decideExit == ExitCodes.Ok, decideError);
        Assert.Contains((await ScriptedJobManager.ReceivedAsync(fixture.Manager)).OfType<DecideRow>(),
            d => d is { JobId: "job-7", RowId: "r3", Decision: RowDecision.RunAgain });
        Assert.NotEqual(ExitCodes.Ok, badExit);
    }

    [Fact]
    public async Task Show_of_an_unknown_job_exits_1_with_the_problem()
    {
        var (exit, _, error) = await FleetProcess.RunAsync("jobs", "show", "unknown", "--url", Url);

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains("404 UnknownJob", error, StringComparison.Ordinal);
    }
}
