using System.Net;
using SmartCardFleet.Host.Simulation;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Api.Fleet;

/// <summary>A station without a cluster is a fleet of one: its reader ids stay bare, every reader and plugin names the
/// station, /api/stations lists itself, and the list's filters work the same.</summary>
public sealed class StandaloneFleetApiTests(SharedStationWithPlugins shared) : IClassFixture<SharedStationWithPlugins>
{
    private readonly StationUnderTest _station = shared.Station;

    [Fact]
    public async Task Stations_lists_this_station_alone_at_address_local()
    {
        var stations = (await _station.GetJsonAsync("/api/stations"))["stations"]!.AsArray();

        var self = Assert.Single(stations)!;
        Assert.Equal("local", self["address"]!.GetValue<string>());
        Assert.Equal(["station"], self["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal("Up", self["status"]!.GetValue<string>());
        Assert.True(self["self"]!.GetValue<bool>());
        Assert.Equal(16, self["readers"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(self["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Readers_keep_bare_ids_and_name_this_station()
    {
        var name = await SelfNameAsync();

        var readers = (await _station.GetJsonAsync("/api/readers"))["readers"]!.AsArray();
        var one = await _station.GetJsonAsync($"/api/readers/{StationUnderTest.ReaderId(3)}");
        var prefixed = await _station.GetJsonAsync($"/api/readers/{name}.{StationUnderTest.ReaderId(3)}");

        Assert.Equal(16, readers.Count);
        Assert.All(readers, r => Assert.Equal(name, r!["station"]!.GetValue<string>()));
        Assert.Contains(readers, r => r!["id"]!.GetValue<string>() == StationUnderTest.ReaderId(0));
        Assert.Equal(StationUnderTest.ReaderId(3), one["id"]!.GetValue<string>());
        Assert.Equal(StationUnderTest.ReaderId(3), prefixed["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_station_filter_lists_this_station_by_its_name_and_nothing_for_another()
    {
        var name = await SelfNameAsync();

        var own = (await _station.GetJsonAsync($"/api/readers?station={name}"))["readers"]!.AsArray();
        var other = await _station.GetJsonAsync("/api/readers?station=some-other-station");

        Assert.Equal(16, own.Count);
        Assert.Empty(other["readers"]!.AsArray());
        Assert.Empty(other["unavailable"]!.AsArray());
        await ProblemAssert.IsAsync(await _station.Http.GetAsync("/api/readers?station=Not%20A%20Name"), HttpStatusCode.BadRequest, "station");
    }

    [Fact]
    public async Task The_card_type_filter_keeps_only_readers_whose_card_a_plugin_named_so()
    {
        _station.Reader(5).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.StorageCard));
        var cardType = await Eventually.GetAsync(async () =>
                (await _station.GetJsonAsync($"/api/readers/{StationUnderTest.ReaderId(5)}"))["cardType"]?.GetValue<string>(),
            TimeSpan.FromSeconds(10), "the storage card to be identified");

        var matching = (await _station.GetJsonAsync($"/api/readers?cardType={Uri.EscapeDataString(cardType)}"))["readers"]!.AsArray();
        var none = (await _station.GetJsonAsync("/api/readers?cardType=no-such-card-type"))["readers"]!.AsArray();

        Assert.Contains(matching, r => r!["id"]!.GetValue<string>() == StationUnderTest.ReaderId(5));
        Assert.All(matching, r => Assert.Equal(cardType, r!["cardType"]!.GetValue<string>()));
        Assert.Empty(none);
    }

    [Fact]
    public async Task Plugins_name_this_station_and_a_command_for_another_station_is_404()
    {
        var name = await SelfNameAsync();

        var plugins = (await _station.GetJsonAsync("/api/plugins")).AsArray();
        var problem = await ProblemAssert.IsAsync(await _station.PostAsync("/api/plugins/reload?station=some-other-station", null),
            HttpStatusCode.NotFound, "some-other-station");

        Assert.NotEmpty(plugins);
        Assert.All(plugins, p => Assert.Equal(name, p!["station"]!.GetValue<string>()));
        Assert.Equal("some-other-station", problem["station"]!.GetValue<string>());
    }

    private async Task<string> SelfNameAsync() =>
        (await _station.GetJsonAsync("/api/stations"))["stations"]![0]!["name"]!.GetValue<string>();
}
