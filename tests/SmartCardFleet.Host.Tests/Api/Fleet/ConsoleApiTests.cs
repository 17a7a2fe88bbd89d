using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SmartCardFleet.Cluster.Topology;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Api.Fleet;

/// <summary>A console node ("desk") has no readers or plugins of its own: it lists and commands the stations' only, needs
/// ?station= for plugin commands, and resolves a bare reader id through the directory. The simulated station underneath
/// gives "kiosk-1" real actors to route to; its own readers must never show up as the console's.</summary>
public sealed class ConsoleApiTests(ConsoleApiTests.ConsoleNode node) : IClassFixture<ConsoleApiTests.ConsoleNode>
{
    private readonly StationUnderTest _console = node.Station;

    [Fact]
    public async Task The_list_has_only_the_stations_readers_and_stations_shows_the_console_role()
    {
        var readers = (await _console.GetJsonAsync("/api/readers"))["readers"]!.AsArray();
        var stations = (await _console.GetJsonAsync("/api/stations"))["stations"]!.AsArray();

        Assert.Equal(2, readers.Count);
        Assert.All(readers, r => Assert.Equal("kiosk-1", r!["station"]!.GetValue<string>()));
        var self = Assert.Single(stations, s => s!["self"]!.GetValue<bool>())!;
        Assert.Equal(["console"], self["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public async Task A_bare_id_resolves_to_the_one_station_that_has_the_reader()
    {
        var reader = await _console.GetJsonAsync($"/api/readers/{StationUnderTest.ReaderId(0)}");

        Assert.Equal($"kiosk-1.{StationUnderTest.ReaderId(0)}", reader["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_plugin_command_without_a_station_is_400_naming_the_parameter_and_plugins_name_their_station()
    {
        var problem = await ProblemAssert.IsAsync(await _console.PostAsync("/api/plugins/reload", null), HttpStatusCode.BadRequest, "?station=");
        var plugins = (await _console.GetJsonAsync("/api/plugins")).AsArray();

        Assert.Equal("station", problem["field"]!.GetValue<string>());
        Assert.All(plugins, p => Assert.Equal("kiosk-1", p!["station"]!.GetValue<string>()));
    }

    public sealed class ConsoleNode : IAsyncLifetime
    {
        public StationUnderTest Station { get; private set; } = null!;

        public async Task InitializeAsync() => Station = await StationUnderTest.StartAsync(2, services: services =>
            services.AddSingleton<IFleetTopology>(sp => new FakeFleetTopology("desk", NodeRole.Console).AddReachable("kiosk-1",
                FakeFleetTopology.ActorsOf(sp), CancellationToken.None, StationUnderTest.ReaderId(0), StationUnderTest.ReaderId(1))));

        public async Task DisposeAsync() => await Station.DisposeAsync();
    }
}
