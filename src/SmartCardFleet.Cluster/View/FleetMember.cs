using Akka.Cluster;
using SmartCardFleet.Cluster.Topology;

namespace SmartCardFleet.Cluster.View;

/// <summary>One cluster member as the view sees it: the facts from membership and reachability the fleet view is built
/// from. Plain values, so <see cref="FleetViewBuilder"/> can be tested without a cluster.</summary>
public sealed record FleetMember(
    string Name,
    string Address,
    long Uid,
    NodeRole Role,
    MemberStatus Status,
    bool Reachable,
    DateTimeOffset? UnreachableSince,
    bool IsSelf);
