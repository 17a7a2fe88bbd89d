using System.Net;
using System.Text.Json.Nodes;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Api;

/// <summary>An operator's view of the plugins and the commands on one of them: a station with the Faulty fixture (it
/// takes storage cards and fails on request, so it can be quarantined) and WrongSdk (built for SDK 2.0.0, never loads).</summary>
public sealed class PluginCommandApiTests : IAsyncLifetime
{
    private const string Faulty = FaultyStation.PluginId;
    private FaultyStation _faulty = null!;

    private StationUnderTest Station => _faulty.Station;

    private static string Reader => StationUnderTest.ReaderId(0);

    public async Task InitializeAsync() => _faulty = await FaultyStation.StartAsync(readers: 2, "WrongSdk");

    public Task DisposeAsync() => _faulty.DisposeAsync().AsTask();

    [Fact]
    public async Task The_list_shows_each_plugins_version_state_and_cards_and_a_folder_that_failed_to_load_with_the_loaders_reason()
    {
        var plugins = await Station.GetJsonAsync("/api/plugins");

        var faulty = Plugin(plugins, Faulty);
        Assert.Equal(("1.0.0", "Loaded", 0), (Text(faulty, "version"), Text(faulty, "state"), faulty["failures"]!.GetValue<int>()));
        Assert.Null(faulty["reason"]);
        Assert.Equal([Reader], faulty["cards"]!.AsArray().Select(c => c!.GetValue<string>()));
        var wrongSdk = Plugin(plugins, "WrongSdk");
        Assert.Equal("FailedToLoad", Text(wrongSdk, "state"));
        Assert.Contains("IncompatibleSdk", Text(wrongSdk, "reason"), StringComparison.Ordinal);
        Assert.Contains("2.0.0", Text(wrongSdk, "reason"), StringComparison.Ordinal);
        Assert.Null(wrongSdk["version"]);
    }

    [Fact]
    public async Task A_quarantine_shows_its_reason_and_DELETE_quarantine_lets_the_card_run_operations_again()
    {
        await QuarantineFaultyAsync();
        var quarantined = Plugin(await Station.GetJsonAsync("/api/plugins"), Faulty);
        await ProblemAssert.IsAsync(await Station.PostAsync($"/api/readers/{Reader}/operations/version", null), HttpStatusCode.ServiceUnavailable);

        var response = await Station.Http.DeleteAsync($"/api/plugins/{Faulty}/quarantine");

        Assert.Equal(("Quarantined", 5), (Text(quarantined, "state"), quarantined["failures"]!.GetValue<int>()));
        Assert.Contains("fixture: this operation always fails", Text(quarantined, "reason"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cleared = Plugin(JsonNode.Parse(await response.Content.ReadAsStringAsync())!, Faulty);
        Assert.Equal(("Loaded", 0), (Text(cleared, "state"), cleared["failures"]!.GetValue<int>()));
        Assert.Null(cleared["reason"]);
        Assert.Equal(HttpStatusCode.OK, (await Station.PostAsync($"/api/readers/{Reader}/operations/version", null)).StatusCode);
    }

    [Fact]
    public async Task Clearing_the_quarantine_of_a_plugin_that_is_not_quarantined_is_409_NotQuarantined()
    {
        var problem = await ProblemAssert.IsAsync(await Station.Http.DeleteAsync($"/api/plugins/{Faulty}/quarantine"), HttpStatusCode.Conflict,
            "is not quarantined");

        Assert.Equal("NotQuarantined", problem["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task POST_plugins_id_reload_reloads_that_plugin_which_ends_its_quarantine()
    {
        await QuarantineFaultyAsync();

        var response = await Station.PostAsync($"/api/plugins/{Faulty}/reload", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Loaded", Text(Plugin(JsonNode.Parse(await response.Content.ReadAsStringAsync())!, Faulty), "state"));
        Assert.Equal(HttpStatusCode.OK, (await Station.PostAsync($"/api/readers/{Reader}/operations/version", null)).StatusCode);
    }

    [Fact]
    public async Task A_folder_that_failed_to_load_is_reloaded_by_its_name_and_still_says_why()
    {
        var response = await Station.PostAsync("/api/plugins/WrongSdk/reload", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var wrongSdk = Plugin(JsonNode.Parse(await response.Content.ReadAsStringAsync())!, "WrongSdk");
        Assert.Equal("FailedToLoad", Text(wrongSdk, "state"));
    }

    [Theory]
    [InlineData("POST", "reload")]
    [InlineData("DELETE", "quarantine")]
    public async Task An_unknown_plugin_id_is_404_quoting_the_id_and_an_overlong_one_only_by_its_first_64_characters(string method, string action)
    {
        var unknown = await SendAsync(method, $"/api/plugins/org.example.nothing/{action}");
        var overlong = await SendAsync(method, $"/api/plugins/{new string('q', 300)}/{action}");

        var problem = await ProblemAssert.IsAsync(unknown, HttpStatusCode.NotFound, "no plugin \"org.example.nothing\"");
        Assert.Equal(("UnknownPlugin", "org.example.nothing"), (problem["reason"]!.GetValue<string>(), problem["plugin"]!.GetValue<string>()));
        var bounded = await ProblemAssert.IsAsync(overlong, HttpStatusCode.NotFound, new string('q', 64) + "…(236 more characters)");
        Assert.DoesNotContain(new string('q', 65), bounded.ToJsonString(), StringComparison.Ordinal);
    }

    private async Task QuarantineFaultyAsync()
    {
        for (var i = 0; i < 5; i++)
        {
            await ProblemAssert.IsAsync(await Station.PostAsync($"/api/readers/{Reader}/operations/fail", null), HttpStatusCode.BadGateway);
        }
    }

    private Task<HttpResponseMessage> SendAsync(string method, string path) =>
        method == "DELETE" ? Station.Http.DeleteAsync(path) : Station.PostAsync(path, null);

    private static JsonNode Plugin(JsonNode plugins, string id) => plugins.AsArray().Single(p => Text(p!, "id") == id)!;

    private static string Text(JsonNode node, string name) => node[name]!.GetValue<string>();
}
