using SmartCardFleet.Core.Fleet;

namespace SmartCardFleet.Cluster.Topology;

/// <summary>What a node does in the fleet (Cluster:Roles): a station runs PC/SC and readers; a console runs the API and
/// dashboard only, with no PC/SC and no readers.</summary>
public enum NodeRole
{
    Station,
    Console,
}

/// <summary>A member's status as the fleet shows it: Akka's member status, with Unreachable for an Up (or Joining, Leaving)
/// member the failure detector has lost.</summary>
public enum StationStatus
{
    Joining,
    Up,
    Unreachable,
    Leaving,
    Down,
}

/// <summary>One reader in the fleet directory: its id on its station and its PC/SC name.</summary>
public sealed record DirectoryReader(ReaderId Id, string Name);

/// <summary>One member of the fleet as this node sees it now. <see cref="Readers"/> is the station's entry in the
/// replicated directory (empty for a console, and until the directory has converged). <see cref="LastSeen"/> is now for a
/// reachable member and the moment it became unreachable otherwise.</summary>
public sealed record StationView(
    string Name,
    string Address,
    NodeRole Role,
    StationStatus Status,
    bool IsSelf,
    string? Version,
    DateTimeOffset LastSeen,
    IReadOnlyList<DirectoryReader> Readers);

/// <summary>An immutable snapshot of the fleet: every member (this node included), by name.</summary>
public sealed record FleetView(string SelfName, IReadOnlyList<StationView> Stations)
{
    public StationView? Find(string name) => Stations.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal));
}
