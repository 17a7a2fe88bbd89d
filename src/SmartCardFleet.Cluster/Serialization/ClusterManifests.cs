using System.Collections.Frozen;
using SmartCardFleet.Cluster.Directory;
using SmartCardFleet.Cluster.Events;

namespace SmartCardFleet.Cluster.Serialization;

/// <summary>The manifest of every cluster wire message: short, stable, never reused or changed once released (the same
/// rule as Core's manifests, docs/messages.md). A peer finds the type by this name, never by a .NET type name.</summary>
internal static class ClusterManifests
{
    public const string DirectoryEntry = "cluster.directory-entry";
    public const string StationEventBatch = "cluster.station-event-batch";

    public static readonly FrozenDictionary<Type, string> ByType = new Dictionary<Type, string>
    {
        [typeof(DirectoryEntry)] = DirectoryEntry,
        [typeof(StationEventBatch)] = StationEventBatch,
    }.ToFrozenDictionary();
}
