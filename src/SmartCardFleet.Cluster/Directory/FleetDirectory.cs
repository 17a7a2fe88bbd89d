using Akka.DistributedData;

namespace SmartCardFleet.Cluster.Directory;

/// <summary>The replicated reader directory: one <see cref="DirectoryEntry"/> per node, keyed by station name.</summary>
public static class FleetDirectory
{
    public static readonly LWWDictionaryKey<string, DirectoryEntry> Key = new("fleet-directory");
}
