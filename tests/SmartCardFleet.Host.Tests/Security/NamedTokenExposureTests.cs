using System.Net;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Security;

/// <summary>The bound-address rule counts named tokens: a station with only Http:Tokens may listen off loopback, and
/// there every request needs one of them.</summary>
public sealed class NamedTokenExposureTests
{
    [Fact]
    public async Task A_station_with_only_named_tokens_listens_off_loopback_and_asks_for_them()
    {
        await using var station = await StationUnderTest.StartAsync(readers: 1, url: "http://0.0.0.0:0",
            overrides: SecuredStation.TokenSettings(("kiosk", SecuredStation.ViewerToken, "Viewer")), clientToken: SecuredStation.ViewerToken);
        using var anonymous = new HttpClient { BaseAddress = station.BaseAddress };

        Assert.Equal(HttpStatusCode.OK, (await station.Http.GetAsync("/api/readers")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/readers")).StatusCode);
    }
}
