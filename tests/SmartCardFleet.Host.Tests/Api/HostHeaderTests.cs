using System.Net;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Api;

/// <summary>DNS rebinding: a page from evil.example whose name now resolves to 127.0.0.1 sends "Host: evil.example". A
/// station bound to loopback answers only loopback host names unless Http:AllowedHosts names more.</summary>
public sealed class HostHeaderTests
{
    private const string Token = StationUnderTest.TestToken;

    [Fact]
    public async Task On_loopback_a_request_for_a_foreign_host_name_is_refused_with_the_key_that_allows_it()
    {
        await using var station = await StationUnderTest.StartAsync(readers: 1);

        var refused = await GetWithHostAsync(station, "/api/readers", "evil.example");
        var dashboard = await GetWithHostAsync(station, "/", "evil.example:5080");

        var problem = await ProblemAssert.IsAsync(refused, HttpStatusCode.BadRequest, "Http:AllowedHosts");
        Assert.Contains("evil.example", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, dashboard.StatusCode);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("LOCALHOST:5080")]
    [InlineData("127.0.0.1:1")]
    [InlineData("[::1]:5080")]
    public async Task On_loopback_loopback_host_names_with_any_port_are_answered(string host)
    {
        await using var station = await StationUnderTest.StartAsync(readers: 1);

        Assert.Equal(HttpStatusCode.OK, (await GetWithHostAsync(station, "/api/readers", host)).StatusCode);
    }

    [Fact]
    public async Task A_host_name_listed_in_Http_AllowedHosts_is_answered_and_others_still_refused()
    {
        await using var station = await StationUnderTest.StartAsync(readers: 1,
            overrides: new Dictionary<string, string?> { ["Http:AllowedHosts:0"] = "kiosk.example" });

        Assert.Equal(HttpStatusCode.OK, (await GetWithHostAsync(station, "/api/readers", "KIOSK.example:5080")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await GetWithHostAsync(station, "/api/readers", "evil.example")).StatusCode);
    }

    [Fact]
    public async Task Off_loopback_the_token_guards_the_api_whatever_the_host_name()
    {
        await using var station = await StationUnderTest.StartAsync(readers: 1, url: "http://0.0.0.0:0", clientToken: Token,
            overrides: new Dictionary<string, string?> { ["Http:ApiToken"] = Token });

        Assert.Equal(HttpStatusCode.OK, (await GetWithHostAsync(station, "/api/readers", "fleet-07.example")).StatusCode);
    }

    private static async Task<HttpResponseMessage> GetWithHostAsync(StationUnderTest station, string path, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = host;
        return await station.Http.SendAsync(request);
    }
}
