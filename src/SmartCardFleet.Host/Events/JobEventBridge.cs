using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Akka.Actor;
using SmartCardFleet.Cluster.Topology;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Enrollment.Jobs;

namespace SmartCardFleet.Host.Events;

/// <summary>
/// Puts the jobs' progress into the event journal, so GET /api/events and the dashboard see it like reader events:
/// "JobProgressed" (the job's summary, no reader) and "JobRowEnded" (one row's attempt, on the reader that ran it; a
/// fleet-wide reader id when clustered, as the fleet events have). Neither carries the rows' arguments.
/// </summary>
public sealed class JobEventBridge : ReceiveActor
{
    /// <summary>Name under /user; subscribed before the job manager starts, so jobs recovered at start are reported.</summary>
    public const string Name = "job-events";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public JobEventBridge(FleetEventJournal journal, IFleetTopology topology)
    {
        Receive<JobProgressed>(progressed =>
            journal.Append(nameof(JobProgressed), null, progressed.Timestamp, Data(progressed.Summary), topology.SelfName));
        Receive<JobRowEnded>(ended =>
        {
            var data = new JsonObject
            {
                ["jobId"] = ended.JobId,
                ["rowId"] = ended.RowId,
                ["state"] = ended.State.ToString(),
                ["attempt"] = Data(ended.Attempt),
            };
            var reader = ReaderId.IsSlug(ended.Attempt.ReaderId) && topology.Clustered
                ? new FleetReaderId(topology.SelfName, new ReaderId(ended.Attempt.ReaderId)).ToString()
                : ended.Attempt.ReaderId;
            journal.Append(nameof(JobRowEnded), reader, ended.Timestamp, data, topology.SelfName);
        });
    }

    public static Props Props(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var journal = services.GetRequiredService<FleetEventJournal>();
        var topology = services.GetRequiredService<IFleetTopology>();
        return Akka.Actor.Props.Create(() => new JobEventBridge(journal, topology));
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private static JsonObject Data<T>(T value) => JsonSerializer.SerializeToNode(value, Json)!.AsObject();
}
