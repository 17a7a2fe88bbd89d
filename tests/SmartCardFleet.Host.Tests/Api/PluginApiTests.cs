using System.Net;
using System.Text.Json.Nodes;
using SmartCardFleet.Host.Simulation;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Api;

public sealed class PluginApiTests(SharedStationWithPlugins shared) : IClassFixture<SharedStationWithPlugins>
{
    private readonly StationUnderTest _station = shared.Station;

    [Fact]
    public async Task The_shipped_plugins_are_listed_with_their_sdk_version_state_and_typed_operations()
    {
        var plugins = (await _station.GetJsonAsync("/api/plugins")).AsArray();

        var uid = Assert.Single(plugins, p => p!["id"]!.GetValue<string>() == "org.smartcardfleet.uid")!;
        Assert.Equal(("Loaded", 0), (uid["state"]!.GetValue<string>(), uid["failures"]!.GetValue<int>()));
        Assert.Null(uid["reason"]);
        Assert.Equal(Abstractions.SdkInfo.Version, uid["sdkVersion"]!.GetValue<string>());
        var readBinary = Assert.Single(uid["operations"]!.AsArray(), o => o!["name"]!.GetValue<string>() == "read-binary")!;
        var page = Assert.Single(readBinary["arguments"]!.AsArray(), a => a!["name"]!.GetValue<string>() == "page")!;
        Assert.Equal(("Integer", true), (page["type"]!.GetValue<string>(), page["required"]!.GetValue<bool>()));
        var openPgp = Assert.Single(plugins, p => p!["id"]!.GetValue<string>() == "org.smartcardfleet.openpgp")!;
        var verify = Assert.Single(openPgp["operations"]!.AsArray(), o => o!["name"]!.GetValue<string>() == "verify-pin")!;
        Assert.Equal("Secret", verify["arguments"]!.AsArray().Single(a => a!["name"]!.GetValue<string>() == "pin")!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_readers_json_names_its_plugins_version_and_the_plugin_lists_the_reader_among_its_cards()
    {
        var reader = StationUnderTest.ReaderId(9);
        _station.Reader(9).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.StorageCard));

        var identified = await Eventually.GetAsync(async () =>
        {
            var status = await _station.GetJsonAsync($"/api/readers/{reader}");
            return status["plugin"]?.GetValue<string>() == "org.smartcardfleet.uid" ? status : null;
        }, TimeSpan.FromSeconds(5), "the storage card to be identified by the uid plugin");
        var plugins = (await _station.GetJsonAsync("/api/plugins")).AsArray();
        var empty = await _station.GetJsonAsync($"/api/readers/{StationUnderTest.ReaderId(8)}");

        var uid = plugins.Single(p => p!["id"]!.GetValue<string>() == "org.smartcardfleet.uid")!;
        Assert.Equal(uid["version"]!.GetValue<string>(), identified["pluginVersion"]!.GetValue<string>());
        Assert.Contains(uid["cards"]!.AsArray(), c => c!.GetValue<string>() == reader);
        // Present and null on a reader whose card no plugin holds.
        Assert.True(empty.AsObject().ContainsKey("pluginVersion"));
        Assert.Null(empty["pluginVersion"]);
    }

    [Fact]
    public async Task An_inserted_card_is_identified_and_a_plugin_operation_returns_its_result()
    {
        var reader = StationUnderTest.ReaderId(10);
        _station.Reader(10).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.StorageCard, [0x04, 0x11, 0x22, 0x33]));

        var identified = await Eventually.GetAsync(async () =>
        {
            var status = await _station.GetJsonAsync($"/api/readers/{reader}");
            return status["plugin"]?.GetValue<string>() == "org.smartcardfleet.uid" ? status : null;
        }, TimeSpan.FromSeconds(5), "the storage card to be identified by the uid plugin");
        Assert.Equal("PC/SC part 3 storage card", identified["cardType"]!.GetValue<string>());
        var response = await _station.PostAsync($"/api/readers/{reader}/operations/read-uid", new { arguments = new { } });

        response.EnsureSuccessStatusCode();
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("org.smartcardfleet.uid", body["plugin"]!.GetValue<string>());
        Assert.Equal("04112233", body["result"]!["uid"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_operations_are_404_bad_arguments_400_and_readers_without_a_card_409()
    {
        var reader = StationUnderTest.ReaderId(11);
        _station.Reader(11).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.StorageCard));
        await _station.WaitForStateAsync(11, "Attached");

        await ProblemAssert.IsAsync(await _station.PostAsync($"/api/readers/{reader}/operations/launch-rocket", null), HttpStatusCode.NotFound,
            "launch-rocket");
        await ProblemAssert.IsAsync(await _station.PostAsync($"/api/readers/{reader}/operations/read-binary",
            new { arguments = new { block = "not a number" } }), HttpStatusCode.BadRequest);
        var problem = await ProblemAssert.IsAsync(await _station.PostAsync($"/api/readers/{StationUnderTest.ReaderId(12)}/operations/read-uid", null),
            HttpStatusCode.Conflict);
        Assert.Equal("NoCard", problem["reason"]!.GetValue<string>());
        await ProblemAssert.IsAsync(await _station.PostAsync("/api/readers/no-such-reader/operations/read-uid", null), HttpStatusCode.NotFound);
    }
}
