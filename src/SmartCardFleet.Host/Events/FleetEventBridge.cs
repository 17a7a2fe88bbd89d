using Akka.Actor;
using Akka.Event;
using SmartCardFleet.Core.Configuration;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Host.Configuration;
using SmartCardFleet.Host.Metrics;
using SmartCardFleet.Host.Station;

namespace SmartCardFleet.Host.Events;

/// <summary>
/// Subscribed to <see cref="IFleetEvent"/> on the EventStream before the reader manager starts: feeds the journal
/// (SSE), the metrics and readiness, says clearly in the log when PC/SC is unreachable, and applies the per-reader
/// auto-attach exceptions (Station:Readers:PerReader) to readers as they appear.
/// </summary>
public sealed class FleetEventBridge : ReceiveActor
{
    public const string ManagerPath = "/user/" + StationActors.ManagerName;

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly List<(ReaderNameFilter Filter, bool AutoAttach)> _autoAttachRules;

    public FleetEventBridge(FleetEventJournal journal, FleetMetrics metrics, StationReadiness readiness, ReaderOptions readers)
    {
        _autoAttachRules = [.. readers.PerReader
            .Where(rule => rule.AutoAttach is not null)
            .Select(rule => (new ReaderNameFilter([rule.Match], []), rule.AutoAttach!.Value))];

        Receive<IFleetEvent>(fleetEvent =>
        {
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
                case ReaderAdded added:
                    ApplyAutoAttachRule(added);
                    break;
                default:
                    break;
            }
        });
    }

    public static Props Props(FleetEventJournal journal, FleetMetrics metrics, StationReadiness readiness, ReaderOptions readers) =>
        Akka.Actor.Props.Create(() => new FleetEventBridge(journal, metrics, readiness, readers));

    private void ApplyAutoAttachRule(ReaderAdded added)
    {
        foreach (var (filter, autoAttach) in _autoAttachRules)
        {
            if (filter.Accepts(added.ReaderName) && added.ReaderId is { } id)
            {
                Context.ActorSelection(ManagerPath).Tell(new ToReader(id, new SetAutoAttach(autoAttach)));
                return;
            }
        }
    }
}
