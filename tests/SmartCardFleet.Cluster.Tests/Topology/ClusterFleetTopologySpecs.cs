using Akka.Actor;
using Akka.TestKit.Xunit2;
using SmartCardFleet.Cluster.Topology;
using SmartCardFleet.Cluster.View;

namespace SmartCardFleet.Cluster.Tests.Topology;

/// <summary>Route answers from the snapshot the view actor publishes, on a node that has not joined anything: before the
/// first snapshot the fleet is the node alone and Joining; after it, each kind of member gets its route.</summary>
public sealed class ClusterFleetTopologySpecs() : TestKit("""
    akka.actor.provider = cluster
    akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
    """)
{
    private static readonly DateTimeOffset Then = new(2020, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void Before_the_node_joins_the_fleet_is_itself_alone_and_Joining()
    {
        var topology = new ClusterFleetTopology(Sys, new FleetClusterOptions { StationName = "kiosk-1" });

        var self = Assert.Single(topology.Current.Stations);
        Assert.Equal(("kiosk-1", StationStatus.Joining, true), (self.Name, self.Status, self.IsSelf));
        Assert.Same(StationRoute.Local.Instance, topology.Route("kiosk-1"));
    }

    [Fact]
    public void A_reachable_station_routes_to_its_refs_with_its_lost_token()
    {
        using var lost = new CancellationTokenSource();
        var topology = WithSnapshot(Station("kiosk-2", StationStatus.Up), Target(lost.Token));

        var route = Assert.IsType<StationRoute.Remote>(topology.Route("kiosk-2"));

        Assert.Same(TestActor, route.ReaderManager);
        Assert.Equal(lost.Token, route.Lost);
    }

    [Fact]
    public void A_station_whose_lost_token_fired_or_that_has_no_target_is_unreachable_at_once()
    {
        using var lost = new CancellationTokenSource();
        lost.Cancel();
        var topology = WithSnapshot(Station("kiosk-2", StationStatus.Up), Target(lost.Token), Station("kiosk-3", StationStatus.Unreachable));

        Assert.IsType<StationRoute.Unreachable>(topology.Route("kiosk-2"));
        Assert.Equal("kiosk-3", Assert.IsType<StationRoute.Unreachable>(topology.Route("kiosk-3")).Station.Name);
    }

    [Fact]
    public void A_console_and_a_name_not_in_the_fleet_are_unknown_and_a_console_node_itself_is_not_local()
    {
        var topology = WithSnapshot(Station("desk", StationStatus.Up) with { Role = NodeRole.Console, IsSelf = true }, null);

        Assert.Equal(new StationRoute.Unknown("desk"), topology.Route("desk"));
        Assert.Equal(new StationRoute.Unknown("nowhere"), topology.Route("nowhere"));
    }

    [Fact]
    public void Last_seen_of_a_reachable_member_reads_as_now_and_of_an_unreachable_one_as_when_it_was_lost()
    {
        var topology = WithSnapshot(Station("kiosk-2", StationStatus.Up), null, Station("kiosk-3", StationStatus.Unreachable));
        var before = DateTimeOffset.UtcNow;

        Assert.True(topology.Current.Find("kiosk-2")!.LastSeen >= before);
        Assert.Equal(Then, topology.Current.Find("kiosk-3")!.LastSeen);
    }

    private ClusterFleetTopology WithSnapshot(StationView station, StationTarget? target, StationView? other = null)
    {
        var topology = new ClusterFleetTopology(Sys, new FleetClusterOptions { StationName = "desk", Role = NodeRole.Console });
        var stations = other is null ? new[] { station } : [station, other];
        var targets = target is null ? new Dictionary<string, StationTarget>() : new() { [station.Name] = target };
        FleetViewHolder.Get(Sys).Publish(new FleetSnapshot(new FleetView("desk", stations), targets));
        return topology;
    }

    private StationTarget Target(CancellationToken lost) => new(42, TestActor, ActorRefs.Nobody, lost);

    private static StationView Station(string name, StationStatus status) =>
        new(name, $"akka.tcp://fleet@127.0.0.1:{name.Length}", NodeRole.Station, status, false, "1.0.0", Then, []);
}
