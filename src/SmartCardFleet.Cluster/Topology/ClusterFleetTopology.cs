using Akka.Actor;
using Akka.Cluster;
using SmartCardFleet.Cluster.View;

namespace SmartCardFleet.Cluster.Topology;

/// <summary>
/// The fleet as a clustered node sees it: <see cref="Current"/> and <see cref="Route"/> read the snapshot the view actor
/// publishes (no lock, no message, no round trip), so both are cheap enough for every request. Before the view actor
/// has published anything (the node has not joined yet) the fleet is this node alone, Joining.
/// </summary>
public sealed class ClusterFleetTopology : IFleetTopology
{
    private readonly FleetViewHolder _holder;

    public ClusterFleetTopology(ActorSystem system, FleetClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(options);
        SelfName = options.StationName;
        SelfRole = options.Role;
        _holder = FleetViewHolder.Get(system);
        _holder.PublishIfEmpty(Initial(options, Akka.Cluster.Cluster.Get(system).SelfUniqueAddress));
    }

    public bool Clustered => true;

    public string SelfName { get; }

    public NodeRole SelfRole { get; }

    /// <summary>The latest snapshot, with <see cref="StationView.LastSeen"/> of every member that is still reachable set to
    /// now (the snapshot itself dates from the last change).</summary>
    public FleetView Current
    {
        get
        {
            var view = Snapshot.View;
            var now = DateTimeOffset.UtcNow;
            return view with { Stations = [.. view.Stations.Select(s => IsSeen(s.Status) ? s with { LastSeen = now } : s)] };
        }
    }

    private FleetSnapshot Snapshot => _holder.Current!;

    public StationRoute Route(string station)
    {
        var snapshot = Snapshot;
        if (snapshot.View.Find(station) is not { } view || view.Role == NodeRole.Console)
        {
            return new StationRoute.Unknown(station);
        }

        if (view.IsSelf)
        {
            return StationRoute.Local.Instance;
        }

        return snapshot.Targets.TryGetValue(station, out var target) && !target.Lost.IsCancellationRequested
            ? new StationRoute.Remote(view, target.ReaderManager, target.PluginHost, target.Lost)
            : new StationRoute.Unreachable(view);
    }

    private static bool IsSeen(StationStatus status) => status is StationStatus.Joining or StationStatus.Up or StationStatus.Leaving;

    /// <summary>The snapshot before the view actor's first: this node alone, Joining.</summary>
    internal static FleetSnapshot Initial(FleetClusterOptions options, UniqueAddress self)
    {
        var now = DateTimeOffset.UtcNow;
        var built = FleetViewBuilder.Build(options.StationName, [FleetViewActor.SelfBeforeJoining(options, self, now)],
            new Dictionary<string, Directory.DirectoryEntry>(), now);
        return new FleetSnapshot(built.View, new Dictionary<string, StationTarget>());
    }
}
