using System.Text.Json.Nodes;
using SmartCardFleet.Enrollment.Input;
using SmartCardFleet.Enrollment.Jobs;
using Xunit.Abstractions;

namespace SmartCardFleet.Enrollment.Tests.Engine;

/// <summary>The manager checks a definition again before writing anything: a refused job names the field and row, and
/// leaves nothing behind.</summary>
public class JobRefusalSpecs(ITestOutputHelper output) : JobSpec(output)
{
    public static TheoryData<string, string> Refusals => new()
    {
        { "duplicate", "rows[2] (row id 'r1'): duplicate row id, first used by rows[0]" },
        { "retry", "retry.maxAttempts must be 1 to 100" },
        { "station", "readers.station 'elsewhere' is not this station ('kiosk')" },
        { "pattern", "readers.namePattern must be 1 to 128 characters of a reader id" },
        { "upper-case-pattern", "readers.namePattern must be 1 to 128 characters of a reader id" },
        { "long-row-id", "rows[1]: the row id must be 1..64 letters" },
        { "long-name", "name must be at most 100 characters" },
        { "empty", "rows must hold at least one row" },
        { "too-many", "rows holds 10001 rows; a job holds at most 10000" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task An_invalid_definition_is_refused_with_its_field_and_nothing_is_created(string fault, string expected)
    {
        var station = StartStation();
        var good = Support.StationRun.UriJob(1, "https://g.example/1", "https://g.example/2", "https://g.example/3");
        var definition = fault switch
        {
            "duplicate" => good with { Rows = [good.Rows[0], good.Rows[1], good.Rows[0] with { Arguments = new JsonObject { ["uri"] = "x" } }] },
            "retry" => good with { Retry = new RetryPolicy(0) },
            "station" => good with { Readers = new ReaderSelection("elsewhere") },
            "pattern" => good with { Readers = new ReaderSelection(NamePattern: "kiosk/1") },
            // The same bounds as the HTTP API (JobLimits, RowIds): reader ids are lower-case.
            "upper-case-pattern" => good with { Readers = new ReaderSelection(NamePattern: "Kiosk-*") },
            "long-row-id" => good with { Rows = [good.Rows[0], good.Rows[1] with { RowId = new string('r', RowIds.MaxLength + 1) }] },
            "long-name" => good with { Name = new string('n', JobLimits.MaxNameLength + 1) },
            "empty" => good with { Rows = [] },
            _ => good with { Rows = [.. Enumerable.Range(0, JobDefinition.MaxRows + 1).Select(i => new JobRow($"r{i}", []))] },
        };

        var refused = await station.AskAsync<JobRefused>(new CreateJob(definition, "erin"));
        Assert.Equal(JobRefusal.InvalidDefinition, refused.Reason);
        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
        Assert.Empty((await station.AskAsync<JobList>(new ListJobs())).Jobs);
    }

    [Fact]
    public async Task Commands_on_an_unknown_job_are_refused_by_name()
    {
        var station = StartStation();
        var refused = await station.AskAsync<JobRefused>(new GetJob("nope"));
        Assert.Equal((JobRefusal.UnknownJob, "no job 'nope' on this station"), (refused.Reason, refused.Message));
        Assert.Equal(JobRefusal.UnknownJob, (await station.AskAsync<JobRefused>(new CancelJob("nope", "erin"))).Reason);
    }
}
