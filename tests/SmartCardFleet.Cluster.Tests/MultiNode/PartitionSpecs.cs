using SmartCardFleet.Cluster.Tests.Support;
using SmartCardFleet.Cluster.Topology;

namespace SmartCardFleet.Cluster.Tests.MultiNode;

/// <summary>A network partition between live stations: the split brain resolver keeps the majority, the minority's node
/// downs itself, and no reader is ever listed under two stations.</summary>
[Collection(MultiNodeCollection.Name)]
public sealed class PartitionSpecs
{
    [Fact]
    public async Task A_station_cut_off_from_the_majority_is_downed_and_no_reader_is_claimed_by_two_stations()
    {
        var stableAfter = TimeSpan.FromSeconds(2);
        await using var fleet = await LocalFleet.StartAsync(
            new NodeSetup("station-a") { Throttled = true, StableAfter = stableAfter },
            new NodeSetup("station-b") { Throttled = true, StableAfter = stableAfter },
            new NodeSetup("station-c") { Throttled = true, StableAfter = stableAfter });
        var (a, b, c) = (fleet["station-a"], fleet["station-b"], fleet["station-c"]);
        await KilledStationSpecs.AwaitReadersListedAsync([a, b], c);
        await KilledStationSpecs.AwaitReadersListedAsync([c], a);
        await KilledStationSpecs.AwaitReadersListedAsync([c], b);

        await Partition.CutAsync([a, b], [c]);

        // Each side first sees the other unreachable while both still run.
        await Eventually.AssertAsync(() =>
        {
            Assert.Equal(StationStatus.Unreachable, a.Topology.Current.Find("station-c")?.Status);
            Assert.Equal(StationStatus.Unreachable, b.Topology.Current.Find("station-c")?.Status);
            AssertNoReaderClaimedTwice(a.Topology.Current);
            AssertNoReaderClaimedTwice(b.Topology.Current);
            if (!c.Terminated)
            {
                AssertNoReaderClaimedTwice(c.Topology.Current);
            }
        }, LocalFleet.Deadline);

        // Keep-majority: station-c, alone, downs itself and its ActorSystem ends; a and b remove it and keep each other.
        await Eventually.AssertAsync(() =>
        {
            Assert.True(c.Terminated, "station-c (the minority) still runs");
            foreach (var survivor in new[] { a, b })
            {
                var view = survivor.Topology.Current;
                Assert.Null(view.Find("station-c"));
                Assert.Equal(["station-a", "station-b"], view.Stations.Where(s => s.Status == StationStatus.Up).Select(s => s.Name).Order(StringComparer.Ordinal));
                AssertNoReaderClaimedTwice(view);
            }
        }, LocalFleet.Deadline);
        Assert.False(a.Terminated);
        Assert.False(b.Terminated);
    }

    /// <summary>Every PC/SC reader (its name is unique in the fleet) is listed under one station at most, and under its own.</summary>
    private static void AssertNoReaderClaimedTwice(FleetView view)
    {
        var claims = view.Stations.SelectMany(s => s.Readers.Select(r => (Station: s.Name, Reader: r.Name))).ToArray();
        Assert.Equal(claims.Length, claims.Select(c => c.Reader).Distinct(StringComparer.Ordinal).Count());
        Assert.All(claims, c => Assert.StartsWith(c.Station + " ", c.Reader, StringComparison.Ordinal));
    }
}
