using Akka.Actor;
using SmartCardFleet.Cluster.Topology;

namespace SmartCardFleet.Cluster.View;

/// <summary>What <see cref="ClusterFleetTopology"/> reads, lock-free: the view and where each reachable station's
/// readers are reached. Replaced as a whole by the view actor, never changed in place.</summary>
public sealed record FleetSnapshot(FleetView View, IReadOnlyDictionary<string, StationTarget> Targets);

/// <summary>A reachable station incarnation's reader manager and plugin host (remote refs, made without a round trip),
/// and the token cancelled when that incarnation becomes unreachable or leaves.</summary>
public sealed record StationTarget(long Uid, IActorRef ReaderManager, IActorRef PluginHost, CancellationToken Lost);
