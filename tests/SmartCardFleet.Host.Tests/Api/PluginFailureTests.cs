using System.Net;
using SmartCardFleet.Host.Simulation;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Api;

/// <summary>A station whose only plugin is the Faulty fixture (it takes storage cards): plugin exceptions become 502
/// with the plugin's message, operations past Station:OperationTimeout become 504.</summary>
public sealed class PluginFailureTests : IAsyncLifetime
{
    private readonly TemporaryPluginDirectory _plugins = new("Faulty");
    private StationUnderTest _station = null!;

    public async Task InitializeAsync()
    {
        _station = await StationUnderTest.StartAsync(readers: 2, overrides: new Dictionary<string, string?>
        {
            ["Station:Plugins:Directory"] = _plugins.Path,
            ["Station:OperationTimeout"] = "00:00:01",
        });
        _station.Reader(0).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.StorageCard));
        await _station.WaitForStateAsync(0, "Attached");
    }

    public async Task DisposeAsync()
    {
        await _station.DisposeAsync();
        _plugins.Dispose();
    }

    [Fact]
    public async Task A_plugin_exception_is_502_with_the_plugins_message()
    {
        var response = await _station.PostAsync($"/api/readers/{StationUnderTest.ReaderId(0)}/operations/fail", null);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadGateway, "fixture: this operation always fails");
        Assert.Equal("PluginFailed", problem["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_operation_past_the_timeout_is_504_and_the_reader_is_usable_afterwards()
    {
        var reader = StationUnderTest.ReaderId(0);
        var response = await _station.PostAsync($"/api/readers/{reader}/operations/slow", new { arguments = new { ms = 3000 } });

        await ProblemAssert.IsAsync(response, HttpStatusCode.GatewayTimeout);
        await Eventually.TrueAsync(async () =>
            (await _station.PostAsync($"/api/readers/{reader}/operations/version", null)).IsSuccessStatusCode,
            TimeSpan.FromSeconds(10), "the reader to run operations again");
    }

    [Fact]
    public async Task A_quarantined_plugin_is_active_again_after_POST_plugins_reload()
    {
        var reader = StationUnderTest.ReaderId(0);
        for (var i = 0; i < 5; i++)
        {
            await ProblemAssert.IsAsync(await _station.PostAsync($"/api/readers/{reader}/operations/fail", null), HttpStatusCode.BadGateway);
        }

        Assert.Equal("Quarantined", FaultyState(await _station.GetJsonAsync("/api/plugins")));

        var response = await _station.PostAsync("/api/plugins/reload", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var listed = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Loaded", FaultyState(listed));
        Assert.Equal("Loaded", FaultyState(await _station.GetJsonAsync("/api/plugins")));
    }

    private static string FaultyState(System.Text.Json.Nodes.JsonNode plugins) =>
        plugins.AsArray().Single(p => p!["id"]!.GetValue<string>() == "org.smartcardfleet.test.faulty")!["state"]!.GetValue<string>();
}
