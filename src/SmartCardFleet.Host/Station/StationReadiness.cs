using SmartCardFleet.Core.Events;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Host.Station;

/// <summary>
/// What /readyz reports: is the PC/SC service reachable, and are plugins loaded. Reachability follows the fleet events
/// (ServiceLost → no; ServiceRestored or any reader/card event → yes). Before the first such event a one-off probe on
/// a dedicated thread (<see cref="PcscProbe"/>) answers, because a working service with no readers publishes nothing.
/// </summary>
public sealed class StationReadiness
{
    private readonly Lock _gate = new();
    private bool? _pcscReachable;
    private bool _decidedByEvent;
    private string _pcscDetail = "PC/SC service not probed yet";

    /// <summary>False until the plugin host reports its load results (true when no plugin host runs).</summary>
    public bool PluginsLoaded { get; set; } = true;

    public (bool Ready, string PcscDetail, bool? PcscReachable) Snapshot()
    {
        lock (_gate)
        {
            return (_pcscReachable == true && PluginsLoaded, _pcscDetail, _pcscReachable);
        }
    }

    public void Observe(IFleetEvent fleetEvent)
    {
        switch (fleetEvent)
        {
            case ServiceLost lost:
                Set(false, $"PC/SC service not reachable ({lost.Error}); retrying with backoff", byEvent: true);
                break;
            case ServiceRestored:
            case ReaderAdded:
            case CardInserted:
                Set(true, "PC/SC service reachable", byEvent: true);
                break;
            default:
                break;
        }
    }

    /// <summary>Result of the start-up probe; ignored once an event has decided.</summary>
    public void ProbeResult(PcscError error)
    {
        var ok = error == PcscError.Success;
        Set(ok, ok ? "PC/SC service reachable" : $"PC/SC service not reachable ({error}); retrying with backoff", byEvent: false);
    }

    private void Set(bool reachable, string detail, bool byEvent)
    {
        lock (_gate)
        {
            if (!byEvent && _decidedByEvent)
            {
                return;
            }

            _decidedByEvent |= byEvent;
            _pcscReachable = reachable;
            _pcscDetail = detail;
        }
    }
}
