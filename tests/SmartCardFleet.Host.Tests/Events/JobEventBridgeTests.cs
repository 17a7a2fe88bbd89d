using System.Text.Json.Nodes;
using Akka.Actor;
using SmartCardFleet.Cluster.Topology;
using SmartCardFleet.Enrollment.Jobs;
using SmartCardFleet.Host.Events;

namespace SmartCardFleet.Host.Tests.Events;

/// <summary>Job progress reaches the event journal (GET /api/events, the dashboard) with the job's counts, and a row's
/// end on the reader that ran it; no argument of a row is in either.</summary>
public sealed class JobEventBridgeTests : IAsyncLifetime
{
    private readonly ActorSystem _system = ActorSystem.Create("job-events");

    private static readonly DateTimeOffset At = new(2026, 12, 5, 0, 0, 0, TimeSpan.Zero);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _system.Terminate();

    [Fact]
    public async Task Job_progress_and_row_ends_are_journaled_with_their_type_station_and_reader()
    {
        var journal = new FleetEventJournal();
        using var subscription = journal.Subscribe(null);
        var bridge = _system.ActorOf(Props.Create(() => new JobEventBridge(journal, new StandaloneTopology("kiosk", "1.0", TimeProvider.System))));
        _system.EventStream.Subscribe(bridge, typeof(IJobEvent));
        var summary = new JobSummary("a1b2", "badges", "org.smartcardfleet.ndef", "write-ndef-uri", JobState.Running, null, 2, 1, 0, 0, 0, 1, At, "alice");
        var attempt = new RowAttempt("kiosk", "kiosk-1", "3B80", "0410", At, At.AddSeconds(1), null, new JsonObject { ["length"] = 20 });

        _system.EventStream.Publish(new JobProgressed(summary, At));
        _system.EventStream.Publish(new JobRowEnded("a1b2", "r1", RowState.Succeeded, attempt, At));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var progressed = await subscription.Live.ReadAsync(timeout.Token);
        var ended = await subscription.Live.ReadAsync(timeout.Token);
        Assert.Equal(("JobProgressed", null, "kiosk"), (progressed.Type, progressed.ReaderId, progressed.Station));
        Assert.Equal(("a1b2", "Running", 1), ((string?)progressed.Data["jobId"], (string?)progressed.Data["state"], (int?)progressed.Data["succeeded"]));
        Assert.Equal(("JobRowEnded", "kiosk-1", "kiosk"), (ended.Type, ended.ReaderId, ended.Station));
        Assert.Equal(("r1", "Succeeded", "0410"), ((string?)ended.Data["rowId"], (string?)ended.Data["state"], (string?)ended.Data["attempt"]!["uid"]));
        Assert.DoesNotContain("arguments", ended.Data.ToJsonString(), StringComparison.Ordinal);
    }
}
