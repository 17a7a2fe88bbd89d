using System.Collections.Concurrent;
using Akka.Actor;
using SmartCardFleet.Cluster.Events;

namespace SmartCardFleet.Cluster.Tests.Support;

/// <summary>Keeps every <see cref="StationEventBatch"/> a node's EventStream carries, as the host's event bridge would
/// see them, for a spec to look through while it awaits a condition.</summary>
internal sealed class BatchRecorder
{
    private readonly ConcurrentQueue<StationEventBatch> _batches = new();

    private BatchRecorder()
    {
    }

    public IReadOnlyList<StationEventBatch> Batches => _batches.ToArray();

    public static BatchRecorder On(FleetNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var recorder = new BatchRecorder();
        var actor = node.System.ActorOf(Props.Create(() => new Recorder(recorder._batches)));
        node.System.EventStream.Subscribe(actor, typeof(StationEventBatch));
        return recorder;
    }

    private sealed class Recorder : ReceiveActor
    {
        public Recorder(ConcurrentQueue<StationEventBatch> batches) => Receive<StationEventBatch>(batches.Enqueue);
    }
}
