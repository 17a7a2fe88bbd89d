using Akka.Actor;
using Akka.Event;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Host.Metrics;
using SmartCardFleet.Host.Station;

namespace SmartCardFleet.Host.Events;

/// <summary>
/// Subscribed to <see cref="IFleetEvent"/> on the EventStream before the reader manager starts: feeds the journal
/// (SSE), the known readers, the metrics and readiness, and says clearly in the log when PC/SC is unreachable. (Per-reader exceptions,
/// Station:Readers:PerReader, are Core's StationSettings.PerReader: applied when the reader actor is created.)
/// </summary>
public sealed class FleetEventBridge : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public FleetEventBridge(FleetEventJournal journal, KnownReaders readers, FleetMetrics metrics, StationReadiness readiness)
    {
        Receive<IFleetEvent>(fleetEvent =>
        {
            readers.Observe(fleetEvent);
            var (type, data) = FleetEventMapper.Map(fleetEvent);
            journal.Append(type, fleetEvent.ReaderId?.Value, fleetEvent.Timestamp, data);
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
    }

    public static Props Props(FleetEventJournal journal, KnownReaders readers, FleetMetrics metrics, StationReadiness readiness) =>
        Akka.Actor.Props.Create(() => new FleetEventBridge(journal, readers, metrics, readiness));
}
