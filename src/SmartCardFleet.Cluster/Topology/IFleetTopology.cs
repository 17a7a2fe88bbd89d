using Akka.Actor;

namespace SmartCardFleet.Cluster.Topology;

/// <summary>
/// The fleet as the API sees it: this node's name and role, the current <see cref="FleetView"/>, and where a station's
/// readers are reached. A standalone station is a fleet of one (<see cref="StandaloneTopology"/>); a clustered node's
/// view follows Akka.Cluster membership and the replicated reader directory (docs/cluster.md).
/// </summary>
public interface IFleetTopology
{
    /// <summary>False for a standalone station: reader ids stay bare, as before the cluster existed.</summary>
    bool Clustered { get; }

    string SelfName { get; }

    NodeRole SelfRole { get; }

    FleetView Current { get; }

    /// <summary>Where the readers of <paramref name="station"/> are reached now.</summary>
    StationRoute Route(string station);
}

/// <summary>The answer of <see cref="IFleetTopology.Route"/>.</summary>
public abstract record StationRoute
{
    private StationRoute()
    {
    }

    /// <summary>The station is this node: use the local reader manager and plugin host.</summary>
    public sealed record Local : StationRoute
    {
        public static readonly Local Instance = new();
    }

    /// <summary>Another reachable station. <paramref name="Lost"/> is cancelled when it becomes unreachable or leaves, so a
    /// request in flight can answer StationUnreachable at once instead of waiting for its timeout.</summary>
    public sealed record Remote(StationView Station, IActorRef ReaderManager, IActorRef PluginHost, CancellationToken Lost) : StationRoute;

    /// <summary>A member the failure detector has lost: answer StationUnreachable at once.</summary>
    public sealed record Unreachable(StationView Station) : StationRoute;

    /// <summary>No station of that name in the fleet (or a console, which has no readers).</summary>
    public sealed record Unknown(string Station) : StationRoute;
}
