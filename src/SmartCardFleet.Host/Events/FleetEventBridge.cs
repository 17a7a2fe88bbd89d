using Akka.Actor;
using Akka.Event;
using SmartCardFleet.Cluster.Events;
using SmartCardFleet.Cluster.Topology;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Host.Metrics;
using SmartCardFleet.Host.Station;

namespace SmartCardFleet.Host.Events;

/// <summary>
/// Subscribed to <see cref="IFleetEvent"/> on the EventStream before the reader manager starts: feeds the journal
/// (SSE), the known readers, the metrics and readiness, and says clearly in the log when PC/SC is unreachable. (Per-reader exceptions,
/// Station:Readers:PerReader, are Core's StationSettings.PerReader: applied when the reader actor is created.)
/// It is subscribed to <see cref="StationEventBatch"/> too (<see cref="SubscribedEvents"/>): other stations' events, which go into the journal only,
/// with their station and fleet-wide reader ids. They never reach the known readers, metrics or readiness, which are
/// about this station: another station's reader ids would otherwise grow this node's metric labels with the fleet.
/// </summary>
public sealed class FleetEventBridge : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public FleetEventBridge(FleetEventJournal journal, KnownReaders readers, FleetMetrics metrics, StationReadiness readiness,
        IFleetTopology topology)
    {
        Receive<IFleetEvent>(fleetEvent =>
        {
            readers.Observe(fleetEvent);
            var (type, data) = FleetEventMapper.Map(fleetEvent);
            var readerId = fleetEvent.ReaderId is { } id && topology.Clustered
                ? new FleetReaderId(topology.SelfName, id).ToString()
                : fleetEvent.ReaderId?.Value;
            journal.Append(type, readerId, fleetEvent.Timestamp, data, topology.SelfName);
            metrics.Observe(fleetEvent);
            readiness.Observe(fleetEvent);
            switch (fleetEvent)
            {
                case ServiceLost lost:
                    _log.Warning("PC/SC service is not reachable ({0}). Retrying with backoff; /readyz says not ready until " +
                        "it answers. Start the PC/SC daemon (pcscd) or run with --simulate for a simulated fleet.", lost.Error);
                    break;
                case ServiceRestored restored:
                    _log.Info("PC/SC service reachable again after {0} attempt(s)", restored.Attempts);
                    break;
                default:
                    break;
            }
        });
        Receive<StationEventBatch>(batch =>
        {
            // This station's own events arrive as IFleetEvent; a name that is not a station name cannot be shown.
            if (string.Equals(batch.Station, topology.SelfName, StringComparison.Ordinal) || !StationNames.IsValid(batch.Station, out _))
            {
                return;
            }

            foreach (var fleetEvent in batch.Events)
            {
                var (type, data) = FleetEventMapper.Map(fleetEvent);
                journal.Append(type, FleetId(batch.Station, fleetEvent.ReaderId), fleetEvent.Timestamp, data, batch.Station);
            }
        });
    }

    /// <summary>Resolves what the bridge needs from the host's services: a station passes it to WithSmartCardFleet as its
    /// first event subscriber; a console, where that does not run, starts it itself.</summary>
    public static Props Props(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var journal = services.GetRequiredService<FleetEventJournal>();
        var readers = services.GetRequiredService<KnownReaders>();
        var metrics = services.GetRequiredService<FleetMetrics>();
        var readiness = services.GetRequiredService<StationReadiness>();
        var topology = services.GetRequiredService<IFleetTopology>();
        return Akka.Actor.Props.Create(() => new FleetEventBridge(journal, readers, metrics, readiness, topology));
    }

    /// <summary>The event types the bridge is subscribed to, by whoever creates it, right after ActorOf (not in PreStart,
    /// which runs later: what is published in between would be lost).</summary>
    public static IReadOnlyList<Type> SubscribedEvents { get; } = [typeof(IFleetEvent), typeof(StationEventBatch)];

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private static string? FleetId(string station, ReaderId? reader) =>
        reader is { } id ? new FleetReaderId(station, id).ToString() : null;
}
