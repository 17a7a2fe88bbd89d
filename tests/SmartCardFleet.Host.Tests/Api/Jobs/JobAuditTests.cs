using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SmartCardFleet.Host.Tests.Support;
using SmartCardFleet.Storage.Audit;

namespace SmartCardFleet.Host.Tests.Api.Jobs;

/// <summary>What the audit journal gets for job commands: the job, the operation and the row count, never a row's
/// arguments (the Echo fixture's "pin" is a Secret argument).</summary>
public sealed class JobAuditTests : IAsyncLifetime
{
    private const string Pin = "Qm7-job-pin-55102";

    private readonly InMemoryAuditJournal _audit = new();
    private readonly TemporaryPluginDirectory _plugins = new("Echo");
    private StationUnderTest _station = null!;

    public async Task InitializeAsync()
    {
        _station = await StationUnderTest.StartAsync(readers: 1,
            overrides: new Dictionary<string, string?> { ["Station:Plugins:Directory"] = _plugins.Path },
            services: s => s.AddSingleton<IAuditJournal>(_audit).AddSingleton<IAuditReader>(_audit));
        ScriptedJobManager.RegisterIn(_station);
    }

    public async Task DisposeAsync()
    {
        await _station.DisposeAsync();
        _plugins.Dispose();
    }

    [Fact]
    public async Task Create_is_audited_with_the_job_operation_and_row_count_but_no_argument()
    {
        var created = await _station.PostAsync("/api/jobs", new
        {
            plugin = "org.smartcardfleet.test.echo", operation = "echo",
            csv = $"rowId,count,pin,label\na,1,{Pin},first label\nb,2,{Pin},second label\n",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var entry = await _audit.WaitForAsync(e => e.Action == "job.create", "the job.create entry");

        var what = JsonNode.Parse(entry.What!)!;
        Assert.Equal(("job-1", "echo", 2), (what["jobId"]!.GetValue<string>(), what["operation"]!.GetValue<string>(), what["rows"]!.GetValue<int>()));
        Assert.Equal((AuditOutcome.Succeeded, "local"), (entry.Outcome, entry.Who));
        Assert.DoesNotContain(Pin, entry.What, StringComparison.Ordinal);
        Assert.DoesNotContain("label", entry.What, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_input_is_audited_as_refused_without_quoting_the_secret()
    {
        await ProblemAssert.IsAsync(await _station.PostAsync("/api/jobs", new
        {
            plugin = "org.smartcardfleet.test.echo", operation = "echo", csv = $"count,pin\nnot-a-number,{Pin}\n",
        }), HttpStatusCode.BadRequest);

        var entry = await _audit.WaitForAsync(e => e.Action == "job.create", "the refused job.create entry");

        Assert.NotEqual(AuditOutcome.Succeeded, entry.Outcome);
        Assert.DoesNotContain(Pin, string.Join('|', entry.What, entry.Detail), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_decision_is_audited_with_the_job_row_and_decision()
    {
        await _station.PostAsync("/api/jobs/job-9/rows/r2/decision", new { decision = "Done" });

        var entry = await _audit.WaitForAsync(e => e.Action == "job.decide-row", "the job.decide-row entry");

        var what = JsonNode.Parse(entry.What!)!;
        Assert.Equal(("job-9", "r2", "Done"), (what["jobId"]!.GetValue<string>(), what["rowId"]!.GetValue<string>(), what["decision"]!.GetValue<string>()));
    }
}
