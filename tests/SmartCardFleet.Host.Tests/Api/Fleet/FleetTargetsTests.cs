using Akka.Actor;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartCardFleet.Cluster.Topology;
using SmartCardFleet.Host.Api;

namespace SmartCardFleet.Host.Tests.Api.Fleet;

/// <summary>How a reader id or a station parameter resolves through the fleet topology, and which problem answers what
/// cannot be reached: the mapping every reader endpoint relies on, without a station.</summary>
public sealed class FleetTargetsTests
{
    private static readonly CancellationToken NotLost = CancellationToken.None;

    [Fact]
    public void A_standalone_station_keeps_bare_ids_and_answers_its_own_name_as_a_prefix_too()
    {
        var targets = new FleetTargets(new StandaloneTopology("kiosk-1", "1.0", TimeProvider.System));

        Assert.True(targets.TryReader("virtual-pcd-0-00", out var bare, out _));
        Assert.True(targets.TryReader("kiosk-1.virtual-pcd-0-00", out var prefixed, out _));

        Assert.Equal("virtual-pcd-0-00", bare.Id);
        Assert.Equal("virtual-pcd-0-00", prefixed.Id);
        Assert.Equal("kiosk-1", bare.Station.Name);
        Assert.IsType<StationRoute.Local>(bare.Station.Route);
        Assert.IsType<StationRoute.Local>(prefixed.Station.Route);
    }

    [Fact]
    public void A_clustered_station_shows_fleet_wide_ids_and_a_bare_id_is_its_own_reader()
    {
        var targets = new FleetTargets(new FakeFleetTopology("kiosk-1").AddReachable("kiosk-2", NoActors, NotLost, "virtual-pcd-0-00"));

        Assert.True(targets.TryReader("virtual-pcd-0-00", out var own, out _));
        Assert.True(targets.TryReader("kiosk-2.virtual-pcd-0-00", out var other, out _));

        Assert.Equal("kiosk-1.virtual-pcd-0-00", own.Id);
        Assert.IsType<StationRoute.Local>(own.Station.Route);
        Assert.Equal("kiosk-2.virtual-pcd-0-00", other.Id);
        Assert.IsType<StationRoute.Remote>(other.Station.Route);
    }

    [Fact]
    public void A_reader_of_an_unreachable_station_is_503_StationUnreachable_naming_the_station()
    {
        var targets = new FleetTargets(new FakeFleetTopology("kiosk-1").AddUnreachable("kiosk-3", "virtual-pcd-0-00"));

        Assert.False(targets.TryReader("kiosk-3.virtual-pcd-0-00", out _, out var problem));

        var details = problem!.ProblemDetails;
        Assert.Equal(503, details.Status);
        Assert.Equal("StationUnreachable", details.Title);
        Assert.Equal("StationUnreachable", details.Extensions["reason"]);
        Assert.Equal("kiosk-3", details.Extensions["station"]);
        Assert.Equal("kiosk-3.virtual-pcd-0-00", details.Extensions["readerId"]);
        Assert.Contains("kiosk-3", details.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_station_the_fleet_does_not_know_is_404_UnknownReader_naming_the_station()
    {
        var targets = new FleetTargets(new FakeFleetTopology("kiosk-1"));

        Assert.False(targets.TryReader("kiosk-9.virtual-pcd-0-00", out _, out var problem));

        AssertNotFound(problem, "kiosk-9");
        Assert.Equal("kiosk-9", problem!.ProblemDetails.Extensions["station"]);
    }

    [Theory]
    [InlineData("Not A Slug")]
    [InlineData("Kiosk.reader-1")]
    [InlineData("kiosk-1.reader.one")]
    [InlineData(".reader-1")]
    public void Text_that_cannot_be_a_reader_id_is_404_with_the_rule(string text)
    {
        var targets = new FleetTargets(new FakeFleetTopology("kiosk-1"));

        Assert.False(targets.TryReader(text, out _, out var problem));

        AssertNotFound(problem, "reader ids are");
    }

    [Fact]
    public void A_console_resolves_a_bare_id_only_when_exactly_one_station_has_that_reader()
    {
        var topology = new FakeFleetTopology("desk", NodeRole.Console)
            .AddReachable("kiosk-1", NoActors, NotLost, "shared-reader", "only-on-one")
            .AddReachable("kiosk-2", NoActors, NotLost, "shared-reader");
        var targets = new FleetTargets(topology);

        Assert.True(targets.TryReader("only-on-one", out var found, out _));
        Assert.Equal("kiosk-1.only-on-one", found.Id);
        Assert.False(targets.TryReader("shared-reader", out _, out var ambiguous));
        AssertNotFound(ambiguous, "station.reader");
        Assert.False(targets.TryReader("nowhere", out _, out var missing));
        AssertNotFound(missing, "station.reader");
    }

    [Fact]
    public void A_console_has_no_readers_of_its_own_even_by_its_own_name()
    {
        var targets = new FleetTargets(new FakeFleetTopology("desk", NodeRole.Console));

        Assert.False(targets.TryReader("desk.reader-0", out _, out var problem));

        AssertNotFound(problem, "desk");
    }

    [Fact]
    public void A_plugin_command_needs_the_station_parameter_on_a_console_and_defaults_to_itself_on_a_station()
    {
        var console = new FleetTargets(new FakeFleetTopology("desk", NodeRole.Console).AddReachable("kiosk-1", NoActors, NotLost));
        var station = new FleetTargets(new FakeFleetTopology("kiosk-1"));

        Assert.False(console.TryStationParameter(null, out _, out var missing));
        Assert.True(console.TryStationParameter("kiosk-1", out var named, out _));
        Assert.True(station.TryStationParameter(null, out var self, out _));

        Assert.Equal(400, missing!.ProblemDetails.Status);
        Assert.Equal("station", missing.ProblemDetails.Extensions["field"]);
        Assert.IsType<StationRoute.Remote>(named.Route);
        Assert.Equal("kiosk-1", self.Name);
        Assert.IsType<StationRoute.Local>(self.Route);
    }

    [Fact]
    public void A_station_parameter_that_is_not_a_station_name_is_400()
    {
        var targets = new FleetTargets(new FakeFleetTopology("kiosk-1"));

        Assert.False(targets.TryStationParameter("Kiosk 1", out _, out var problem));

        Assert.Equal(400, problem!.ProblemDetails.Status);
        Assert.Equal("station", problem.ProblemDetails.Extensions["field"]);
    }

    [Fact]
    public void A_remote_target_knows_once_its_station_is_lost()
    {
        using var lost = new CancellationTokenSource();
        var targets = new FleetTargets(new FakeFleetTopology("kiosk-1").AddReachable("kiosk-2", NoActors, lost.Token));
        Assert.True(targets.TryStationParameter("kiosk-2", out var target, out _));

        Assert.False(target.IsLost);
        lost.Cancel();
        Assert.True(target.IsLost);
    }

    private static (IActorRef, IActorRef) NoActors() => (ActorRefs.Nobody, ActorRefs.Nobody);

    private static void AssertNotFound(ProblemHttpResult? problem, string detailContains)
    {
        Assert.NotNull(problem);
        Assert.Equal(404, problem.ProblemDetails.Status);
        Assert.Equal("UnknownReader", problem.ProblemDetails.Title);
        Assert.Contains(detailContains, problem.ProblemDetails.Detail, StringComparison.Ordinal);
    }
}
