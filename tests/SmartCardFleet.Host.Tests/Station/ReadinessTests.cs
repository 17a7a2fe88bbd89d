using System.Net;
using System.Text.Json.Nodes;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Station;

public sealed class ReadinessTests
{
    [Fact]
    public async Task When_the_pcsc_service_goes_away_readyz_says_not_ready_and_recovers_when_it_returns()
    {
        await using var station = await StationUnderTest.StartAsync(readers: 2, overrides: new Dictionary<string, string?>
        {
            ["Station:Plugins:Directory"] = StationUnderTest.EmptyPluginDirectory,
        });
        await ReadyzAsync(station, HttpStatusCode.OK);

        station.Pcsc.StopService();
        var notReady = await ReadyzAsync(station, HttpStatusCode.ServiceUnavailable);
        Assert.False(notReady["pcscReachable"]!.GetValue<bool>());
        Assert.Contains("not reachable", notReady["pcsc"]!.GetValue<string>(), StringComparison.Ordinal);
        var readers = await station.Http.GetAsync("/api/readers");
        await ProblemAssert.IsAsync(readers, HttpStatusCode.ServiceUnavailable, "PC/SC service");

        station.Pcsc.StartService();
        await ReadyzAsync(station, HttpStatusCode.OK, TimeSpan.FromSeconds(15));
        await Eventually.TrueAsync(async () => (await station.Http.GetAsync("/api/readers/simulated-reader-01")).IsSuccessStatusCode,
            TimeSpan.FromSeconds(10), "the readers to be served again");
    }

    private static Task<JsonNode> ReadyzAsync(StationUnderTest station, HttpStatusCode status, TimeSpan? timeout = null) =>
        Eventually.GetAsync(async () =>
        {
            var response = await station.Http.GetAsync("/readyz");
            return response.StatusCode == status ? JsonNode.Parse(await response.Content.ReadAsStringAsync()) : null;
        }, timeout ?? TimeSpan.FromSeconds(5), $"/readyz to answer {(int)status}");
}
