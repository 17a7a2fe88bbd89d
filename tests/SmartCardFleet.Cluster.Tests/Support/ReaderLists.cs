using SmartCardFleet.Cluster.Topology;
using SmartCardFleet.Core.Fleet;

namespace SmartCardFleet.Cluster.Tests.Support;

/// <summary>Reader ids in one order (ordinal), so a station's directory entry compares with the ids its node was given.</summary>
internal static class ReaderLists
{
    public static IReadOnlyList<ReaderId> Ids(this StationView? station) =>
        station is null ? [] : station.Readers.Select(r => r.Id).OrderBy(id => id.Value, StringComparer.Ordinal).ToArray();
}
