using Akka.Cluster;
using SmartCardFleet.Cluster.Directory;
using SmartCardFleet.Cluster.Topology;
using SmartCardFleet.Cluster.View;
using SmartCardFleet.Core.Fleet;

namespace SmartCardFleet.Cluster.Tests.View;

/// <summary>Membership + directory → FleetView, without a cluster: membership decides who is in the fleet, the
/// directory adds readers and version only from the same incarnation.</summary>
public sealed class FleetViewBuilderSpecs
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 21, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_station_shows_the_readers_and_version_of_its_own_directory_entry()
    {
        var view = Build([Member("kiosk-1", 11)], Entry("kiosk-1", 11, "r-1", "r-2"));

        var station = Assert.Single(view.Stations);
        Assert.Equal(StationStatus.Up, station.Status);
        Assert.Equal("1.0.0", station.Version);
        Assert.Equal(["r-1", "r-2"], station.Readers.Select(r => r.Id.Value));
        Assert.Equal(Now, station.LastSeen);
    }

    [Fact]
    public void An_entry_of_another_incarnation_adds_nothing_so_a_restarted_station_shows_no_old_readers()
    {
        var view = Build([Member("kiosk-1", 12, MemberStatus.Joining)], Entry("kiosk-1", 11, "r-1"));

        var station = Assert.Single(view.Stations);
        Assert.Equal(StationStatus.Joining, station.Status);
        Assert.Empty(station.Readers);
        Assert.Null(station.Version);
    }

    [Fact]
    public void An_entry_without_a_member_is_not_in_the_fleet()
    {
        var view = Build([Member("kiosk-1", 11)], Entry("kiosk-1", 11), Entry("gone", 5, "r-9"));

        Assert.Null(view.Find("gone"));
    }

    [Fact]
    public void An_unreachable_station_keeps_its_readers_and_shows_when_it_was_last_seen()
    {
        var lost = Now.AddSeconds(-4);
        var view = Build([Member("kiosk-1", 11) with { Reachable = false, UnreachableSince = lost }], Entry("kiosk-1", 11, "r-1"));

        var station = Assert.Single(view.Stations);
        Assert.Equal(StationStatus.Unreachable, station.Status);
        Assert.Equal(lost, station.LastSeen);
        Assert.Single(station.Readers);
    }

    [Fact]
    public void A_console_shows_its_version_but_never_readers()
    {
        var view = Build([Member("desk", 3) with { Role = NodeRole.Console }], Entry("desk", 3, "r-1"));

        var console = Assert.Single(view.Stations);
        Assert.Equal(NodeRole.Console, console.Role);
        Assert.Equal("1.0.0", console.Version);
        Assert.Empty(console.Readers);
    }

    [Fact]
    public void Of_two_members_with_one_name_the_view_keeps_the_one_whose_entry_is_in_the_directory()
    {
        var view = Build([Member("kiosk-1", 20, MemberStatus.Up), Member("kiosk-1", 11)], Entry("kiosk-1", 11, "r-1"));

        var station = Assert.Single(view.Stations);
        Assert.Equal("akka.tcp://fleet@10.0.0.1:11", station.Address);
    }

    [Fact]
    public void This_node_is_always_the_one_kept_under_its_name_and_stations_are_in_name_order()
    {
        var view = Build([Member("kiosk-2", 2), Member("kiosk-1", 20) with { IsSelf = true }, Member("kiosk-1", 11)], Entry("kiosk-1", 11, "r-1"));

        Assert.Equal(["kiosk-1", "kiosk-2"], view.Stations.Select(s => s.Name));
        Assert.True(view.Find("kiosk-1")!.IsSelf);
        Assert.Empty(view.Find("kiosk-1")!.Readers);
    }

    [Theory]
    [InlineData(MemberStatus.WeaklyUp, true, StationStatus.Joining)]
    [InlineData(MemberStatus.Leaving, true, StationStatus.Leaving)]
    [InlineData(MemberStatus.Exiting, true, StationStatus.Leaving)]
    [InlineData(MemberStatus.Down, false, StationStatus.Down)]
    [InlineData(MemberStatus.Up, false, StationStatus.Unreachable)]
    [InlineData(MemberStatus.Joining, false, StationStatus.Unreachable)]
    public void Akka_member_status_and_reachability_map_to_the_station_status(MemberStatus status, bool reachable, StationStatus expected)
    {
        Assert.Equal(expected, FleetViewBuilder.StatusOf(status, reachable));
    }

    private static FleetView Build(IEnumerable<FleetMember> members, params DirectoryEntry[] entries) =>
        FleetViewBuilder.Build("kiosk-1", members, entries.ToDictionary(e => e.Name), Now).View;

    private static FleetMember Member(string name, long uid, MemberStatus status = MemberStatus.Up) =>
        new(name, $"akka.tcp://fleet@10.0.0.1:{uid}", uid, NodeRole.Station, status, true, null, false);

    private static DirectoryEntry Entry(string name, long uid, params string[] readers) =>
        new(name, $"akka.tcp://fleet@10.0.0.1:{uid}", uid, NodeRole.Station, "1.0.0",
            [.. readers.Select(r => new DirectoryReader(new ReaderId(r), $"{r} name"))]);
}
