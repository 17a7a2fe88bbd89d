using System.Net;
using System.Text.Json.Nodes;
using SmartCardFleet.Host.Simulation;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Api;

public sealed class ServiceEndpointTests(SharedStation shared) : IClassFixture<SharedStation>
{
    private readonly StationUnderTest _station = shared.Station;

    [Fact]
    public async Task Health_is_alive_and_readiness_reports_pcsc_and_plugins()
    {
        Assert.Equal("alive", (await _station.GetJsonAsync("/healthz"))["status"]!.GetValue<string>());

        var ready = await Eventually.GetAsync(async () =>
        {
            var response = await _station.Http.GetAsync("/readyz");
            return response.StatusCode == HttpStatusCode.OK ? JsonNode.Parse(await response.Content.ReadAsStringAsync()) : null;
        }, TimeSpan.FromSeconds(5), "/readyz to say ready");
        Assert.True(ready["pcscReachable"]!.GetValue<bool>());
        Assert.True(ready["pluginsLoaded"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Metrics_count_apdus_and_insertions_per_reader_in_prometheus_text()
    {
        var reader = StationUnderTest.ReaderId(11);
        _station.Reader(11).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.StorageCard));
        await _station.WaitForStateAsync(11, "Attached");
        (await _station.PostAsync($"/api/readers/{reader}/transmit", new { apdu = "FFCA000000" })).EnsureSuccessStatusCode();

        var text = await Eventually.GetAsync(async () =>
        {
            var metrics = await _station.Http.GetStringAsync("/metrics");
            return metrics.Contains($"fleet_apdus_total{{otel_scope_name=\"SmartCardFleet\",plugin=\"none\",reader=\"{reader}\"}}", StringComparison.Ordinal)
                ? metrics : null;
        }, TimeSpan.FromSeconds(10), "the APDU counter of the reader on /metrics");

        Assert.Contains($"fleet_card_insertions_total{{otel_scope_name=\"SmartCardFleet\",reader=\"{reader}\"}}", text, StringComparison.Ordinal);
        Assert.Contains("fleet_apdu_duration_milliseconds_bucket", text, StringComparison.Ordinal);
        Assert.Contains("fleet_readers{otel_scope_name=\"SmartCardFleet\"} 16", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_reader_endpoints()
    {
        var document = await _station.GetJsonAsync("/openapi/v1.json");

        var paths = document["paths"]!.AsObject();
        Assert.True(paths.ContainsKey("/api/readers/{id}/transmit"));
        Assert.True(paths.ContainsKey("/api/readers/{id}/transaction"));
        Assert.True(paths.ContainsKey("/api/events"));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_plugin_commands_their_problems_and_the_plugin_and_reader_shapes()
    {
        var document = await _station.GetJsonAsync("/openapi/v1.json");

        var paths = document["paths"]!;
        // 400: a ?station= that is not a station name, or none on a console (docs/cluster.md).
        Assert.Equal(["200", "400", "404", "503", "504"], Responses(paths["/api/plugins/{id}/reload"]!["post"]!));
        Assert.Equal(["200", "400", "404", "409", "503", "504"], Responses(paths["/api/plugins/{id}/quarantine"]!["delete"]!));
        var schemas = document["components"]!["schemas"]!;
        var plugin = schemas["PluginDto"]!["properties"]!.AsObject();
        Assert.All(new[] { "id", "version", "sdkVersion", "state", "reason", "failures", "cards", "operations", "station" },
            p => Assert.True(plugin.ContainsKey(p), p));
        Assert.True(schemas["ReaderDto"]!["properties"]!.AsObject().ContainsKey("pluginVersion"));
        Assert.True(schemas["ReaderDto"]!["properties"]!.AsObject().ContainsKey("station"));
        Assert.True(paths.AsObject().ContainsKey("/api/stations"));
    }

    private static List<string> Responses(JsonNode operation) => [.. operation["responses"]!.AsObject().Select(r => r.Key).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task The_dashboard_page_and_its_script_are_served_from_the_host()
    {
        var page = await _station.Http.GetAsync("/");

        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("dashboard.js", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _station.Http.GetAsync("/dashboard.js")).StatusCode);
    }
}
