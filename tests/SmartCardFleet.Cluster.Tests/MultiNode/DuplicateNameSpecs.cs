using Akka.Actor;
using SmartCardFleet.Cluster.Membership;
using SmartCardFleet.Cluster.Tests.Support;
using SmartCardFleet.Cluster.Topology;

namespace SmartCardFleet.Cluster.Tests.MultiNode;

/// <summary>Station:Name is unique among the members that are Up: a second node with a name already taken is refused
/// and leaves; the first keeps its place and its readers.</summary>
[Collection(MultiNodeCollection.Name)]
public sealed class DuplicateNameSpecs
{
    [Fact]
    public async Task A_newcomer_with_a_name_already_Up_leaves_and_the_first_station_keeps_its_readers()
    {
        await using var fleet = await LocalFleet.StartAsync(new NodeSetup("station-a"), new NodeSetup("station-b"));
        var (a, first) = (fleet["station-a"], fleet["station-b"]);
        await KilledStationSpecs.AwaitReadersListedAsync([a], first);

        var newcomer = await fleet.AddAsync(new NodeSetup("station-b") { Readers = 1 });

        await Eventually.AssertAsync(() => Assert.True(newcomer.Terminated, "the newcomer named station-b still runs"), LocalFleet.Deadline);
        // The reason the host turns into the process's non-zero exit code.
        Assert.IsType<DuplicateStationNameReason>(CoordinatedShutdown.Get(newcomer.System).ShutdownReason);
        await Eventually.AssertAsync(() =>
        {
            foreach (var observer in new[] { a, first })
            {
                var view = observer.Topology.Current;
                var station = Assert.Single(view.Stations, s => s.Name == "station-b");
                Assert.Equal(StationStatus.Up, station.Status);
                Assert.Contains(first.Seed, station.Address, StringComparison.Ordinal);
                Assert.Equal(first.ReaderIds.Count, station.Readers.Count);
                Assert.Equal(2, view.Stations.Count);
            }
        }, LocalFleet.Deadline);
        Assert.False(first.Terminated);
    }
}
