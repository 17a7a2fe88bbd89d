using SmartCardFleet.Cluster.Serialization;
using SmartCardFleet.Cluster.Topology;

namespace SmartCardFleet.Cluster.Directory;

/// <summary>One node's entry in the replicated reader directory, written only by that node (keyed by its station name).
/// <paramref name="Uid"/> is the writer's incarnation: a restarted station on the same address writes a new uid, so an
/// entry left by a killed incarnation is told apart from the live one.</summary>
public sealed record DirectoryEntry(
    string Name,
    string Address,
    long Uid,
    NodeRole Role,
    string Version,
    IReadOnlyList<DirectoryReader> Readers) : IClusterWireMessage;
