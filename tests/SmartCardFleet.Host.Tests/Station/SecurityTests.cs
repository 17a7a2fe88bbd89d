using System.Net;
using Microsoft.Extensions.Options;
using SmartCardFleet.Host.Station;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Station;

public sealed class SecurityTests
{
    private const string Token = StationUnderTest.TestToken;

    [Fact]
    public void Binding_a_non_loopback_address_without_a_token_refuses_to_start_and_names_the_key()
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            StationHost.Build(new StationLaunch { SimulateReaders = 1, Urls = ["http://0.0.0.0:0"] }));

        Assert.Contains("Http:ApiToken", error.Message, StringComparison.Ordinal);
        Assert.Contains("http://0.0.0.0:0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_token_on_a_non_loopback_binding_requests_need_the_bearer_token()
    {
        await using var station = await StationUnderTest.StartAsync(readers: 2, url: "http://0.0.0.0:0",
            overrides: new Dictionary<string, string?> { ["Http:ApiToken"] = Token });
        using var anonymous = new HttpClient { BaseAddress = station.BaseAddress };
        using var wrong = new HttpClient { BaseAddress = station.BaseAddress };
        wrong.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token + "x");

        var refused = await anonymous.GetAsync("/api/readers");
        await ProblemAssert.IsAsync(refused, HttpStatusCode.Unauthorized, "Authorization: Bearer");
        Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/readers")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/healthz")).StatusCode);

        station.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        Assert.Equal(HttpStatusCode.OK, (await station.Http.GetAsync("/api/readers")).StatusCode);
    }

    [Fact]
    public async Task The_dashboard_cookie_carries_the_token_for_the_event_stream()
    {
        await using var station = await StationUnderTest.StartAsync(readers: 1,
            overrides: new Dictionary<string, string?> { ["Http:ApiToken"] = Token });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/readers");
        request.Headers.Add("Cookie", $"fleet_token={Token}");

        var response = await station.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_cli_sends_the_token_from_FLEET_TOKEN_and_never_prints_it_in_help()
    {
        await using var station = await StationUnderTest.StartAsync(readers: 1,
            overrides: new Dictionary<string, string?> { ["Http:ApiToken"] = Token });
        var url = station.BaseAddress.ToString();

        var (refused, _, refusedError) = await FleetProcess.RunAsync("readers", "--url", url);
        var (allowed, table, _) = await FleetProcess.RunAsync(new Dictionary<string, string> { ["FLEET_TOKEN"] = Token }, "readers", "--url", url);
        var (_, help, _) = await FleetProcess.RunAsync(new Dictionary<string, string> { ["FLEET_TOKEN"] = Token }, "--help");

        Assert.Equal(SmartCardFleet.Host.Cli.ExitCodes.Failed, refused);
        Assert.Contains("401", refusedError, StringComparison.Ordinal);
        Assert.Equal(SmartCardFleet.Host.Cli.ExitCodes.Ok, allowed);
        Assert.Contains("simulated-reader-00", table, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, help, StringComparison.Ordinal);
    }
}
