using Microsoft.Playwright;

namespace SmartCardFleet.Host.Tests.Support;

/// <summary>Playwright driving the distribution's /usr/bin/chromium, headless (Playwright's own browser download is
/// not used). One per test class; disposing it closes the browser.</summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly IPlaywright _playwright;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run",
            ],
        });
        return new HeadlessChromium(playwright, browser);
    }

    /// <summary>A new page on the station's dashboard, once it shows <paramref name="tiles"/> reader tiles and follows the event stream.</summary>
    public async Task<IPage> OpenDashboardAsync(StationUnderTest station, int tiles)
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        await page.GotoAsync(station.BaseAddress.ToString());
        await Assertions.Expect(page.Locator(".tile")).ToHaveCountAsync(tiles, new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("#stream")).ToHaveTextAsync("live", new() { Timeout = 10_000 });
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
