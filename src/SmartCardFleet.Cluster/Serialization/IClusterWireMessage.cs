namespace SmartCardFleet.Cluster.Serialization;

/// <summary>Marker of the cluster project's own messages that cross between nodes (the directory entry, event batches).
/// Bound to <see cref="ClusterWireSerializer"/>; each type has a stable manifest in <see cref="ClusterManifests"/>.</summary>
public interface IClusterWireMessage
{
}
