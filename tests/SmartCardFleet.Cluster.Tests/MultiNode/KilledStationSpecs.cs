using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Cluster.Tests.Support;
using SmartCardFleet.Cluster.Topology;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Messaging;

namespace SmartCardFleet.Cluster.Tests.MultiNode;

/// <summary>A station that dies without leaving (kill -9): the others show it unreachable, refuse its readers at once,
/// end requests in flight to it, and the split brain resolver removes it; restarted on its port it comes back once.</summary>
[Collection(MultiNodeCollection.Name)]
public sealed class KilledStationSpecs
{
    private static readonly TimeSpan ShortStableAfter = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_killed_station_turns_unreachable_ends_requests_in_flight_and_is_removed_by_the_split_brain_resolver()
    {
        await using var fleet = await LocalFleet.StartAsync(
            new NodeSetup("station-a") { StableAfter = ShortStableAfter },
            new NodeSetup("station-b") { StableAfter = ShortStableAfter },
            new NodeSetup("station-c") { StableAfter = ShortStableAfter });
        var (a, b, c) = (fleet["station-a"], fleet["station-b"], fleet["station-c"]);
        await AwaitReadersListedAsync([a, b], c);

        // A request that waits for a card that never comes: only the loss of station-c can end it before its own timeout.
        var route = Assert.IsType<StationRoute.Remote>(a.Topology.Route("station-c"));
        var inFlight = route.ReaderManager.RequestAsync(new WaitForCard(AtrPattern.Any, TimeSpan.FromMinutes(2)), TimeSpan.FromMinutes(3), route.Lost);
        await c.KillAsync();

        await Eventually.AssertAsync(() =>
        {
            foreach (var survivor in new[] { a, b })
            {
                var station = survivor.Topology.Current.Find("station-c");
                Assert.Equal(StationStatus.Unreachable, station?.Status);
                Assert.Equal(c.ReaderIds, station.Ids());
                Assert.IsType<StationRoute.Unreachable>(survivor.Topology.Route("station-c"));
            }
        }, LocalFleet.Deadline);
        Assert.True(route.Lost.IsCancellationRequested);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => inFlight.WaitAsync(LocalFleet.Deadline));

        await Eventually.AssertAsync(() =>
        {
            foreach (var survivor in new[] { a, b })
            {
                Assert.Null(survivor.Topology.Current.Find("station-c"));
                Assert.IsType<StationRoute.Unknown>(survivor.Topology.Route("station-c"));
                Assert.Equal(StationStatus.Up, survivor.Topology.Current.Find(survivor == a ? "station-b" : "station-a")?.Status);
            }
        }, LocalFleet.Deadline);
    }

    [Fact]
    public async Task A_killed_station_restarted_on_its_port_rejoins_with_its_readers_listed_once()
    {
        await using var fleet = await LocalFleet.StartAsync(new NodeSetup("station-a"), new NodeSetup("station-b"));
        var (a, b) = (fleet["station-a"], fleet["station-b"]);
        await AwaitReadersListedAsync([a], b);
        var before = Assert.IsType<StationRoute.Remote>(a.Topology.Route("station-b"));

        // Restarted at once, as systemd would, with a reader plugged in meanwhile: the fourth reader can only come from
        // the new incarnation's directory entry, and three plus four listed would be the old entry kept beside it.
        await b.KillAsync();
        var restarted = await fleet.RestartAsync(b, setup => setup with { Readers = 4 });

        await Eventually.AssertAsync(() => Assert.True(before.Lost.IsCancellationRequested, "station-a still routes to the killed incarnation"),
            LocalFleet.Deadline);
        await Eventually.AssertAsync(async () =>
        {
            var view = a.Topology.Current;
            var station = Assert.Single(view.Stations, s => s.Name == "station-b");
            Assert.Equal(StationStatus.Up, station.Status);
            Assert.Equal(restarted.ReaderIds, station.Ids());
            Assert.Equal(4, view.Stations.SelectMany(s => s.Readers).Count(r => r.Name.StartsWith("station-b ", StringComparison.Ordinal)));
            Assert.Contains(restarted.Seed, station.Address, StringComparison.Ordinal);

            var route = Assert.IsType<StationRoute.Remote>(a.Topology.Route("station-b"));
            var list = await route.ReaderManager.RequestAsync(ListReaders.Instance, TimeSpan.FromSeconds(5));
            Assert.True(list.IsSuccess, list.Failure?.ToString());
            Assert.Equal(restarted.ReaderIds, list.Value!.Readers.Select(r => r.ReaderId));
        }, LocalFleet.Deadline);
    }

    [Fact]
    public async Task A_restarted_console_sees_every_station_and_its_readers_again()
    {
        await using var fleet = await LocalFleet.StartAsync(new NodeSetup("station-a"), new NodeSetup("station-b"), new NodeSetup("console", NodeRole.Console));
        var console = fleet["console"];
        await AwaitReadersListedAsync([console], fleet["station-a"]);

        await console.KillAsync();
        var restarted = await fleet.RestartAsync(console);

        await AwaitReadersListedAsync([restarted], fleet["station-a"]);
        await AwaitReadersListedAsync([restarted], fleet["station-b"]);
        await Eventually.AssertAsync(() =>
            Assert.Equal(StationStatus.Up, Assert.Single(restarted.Topology.Current.Stations, s => s.Name == "console").Status), LocalFleet.Deadline);
    }

    /// <summary>Waits until every one of <paramref name="observers"/> lists <paramref name="station"/> Up with all its readers.</summary>
    internal static Task AwaitReadersListedAsync(IReadOnlyList<FleetNode> observers, FleetNode station) => Eventually.AssertAsync(() =>
    {
        foreach (var observer in observers)
        {
            var view = observer.Topology.Current.Find(station.Name);
            Assert.Equal(StationStatus.Up, view?.Status);
            Assert.Equal(station.ReaderIds, view.Ids());
        }
    }, LocalFleet.Deadline);
}
