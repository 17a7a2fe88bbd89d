using System.Collections.Concurrent;
using Microsoft.Playwright;
using SmartCardFleet.Host.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace SmartCardFleet.Host.Tests.Dashboard;

/// <summary>The dashboard of a station with a token, in real Chromium under the station's Content-Security-Policy: the
/// token goes to POST /api/session, the HttpOnly cookie it sets carries the live event stream, and the page's scripts
/// cannot read it.</summary>
public sealed class DashboardSessionTests : IAsyncLifetime
{
    private const string Token = StationUnderTest.TestToken;

    private HeadlessChromium _chromium = null!;
    private StationUnderTest _station = null!;

    public async Task InitializeAsync()
    {
        _station = await StationUnderTest.StartAsync(readers: 2, clientToken: Token,
            overrides: new Dictionary<string, string?> { ["Http:ApiToken"] = Token });
        _chromium = await HeadlessChromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _station.DisposeAsync();
    }

    [Fact]
    public async Task The_token_typed_once_opens_the_readers_and_the_live_stream_through_an_HttpOnly_cookie()
    {
        var page = await _chromium.Browser.NewPageAsync();
        var console = new ConcurrentQueue<string>();
        page.Console += (_, message) => console.Enqueue(message.Text);
        await page.GotoAsync(_station.BaseAddress.ToString());
        await Expect(page.Locator("#token-form")).ToBeVisibleAsync(new() { Timeout = 10_000 });

        await page.Locator("#token").FillAsync("not-the-token-but-long-enough");
        await page.Locator("#token-form button").ClickAsync();
        await Expect(page.Locator("#token-error")).ToContainTextAsync("401", new() { Timeout = 10_000 });
        await page.Locator("#token").FillAsync(Token);
        await page.Locator("#token-form button").ClickAsync();

        await Expect(page.Locator(".tile")).ToHaveCountAsync(2, new() { Timeout = 10_000 });
        await Expect(page.Locator("#stream")).ToHaveTextAsync("live", new() { Timeout = 10_000 });
        await Expect(page.Locator("#token-form")).ToBeHiddenAsync();
        Assert.DoesNotContain(Token, await page.EvaluateAsync<string>("document.cookie"), StringComparison.Ordinal);
        var cookie = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "fleet_token");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.DoesNotContain(console, line => line.Contains("Content Security Policy", StringComparison.Ordinal));
    }
}
