using Microsoft.Playwright;
using SmartCardFleet.Host.Simulation;
using SmartCardFleet.Host.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace SmartCardFleet.Host.Tests.Dashboard;

/// <summary>The dashboard in real headless Chromium (the distribution's /usr/bin/chromium; Playwright's own browser
/// download is not used).</summary>
public sealed class DashboardTests : IAsyncLifetime
{
    private HeadlessChromium _chromium = null!;
    private StationUnderTest _station = null!;

    public async Task InitializeAsync()
    {
        _station = await StationUnderTest.StartAsync(readers: 8,
            overrides: new Dictionary<string, string?> { ["Station:Plugins:Directory"] = RepositoryPaths.ShippedPlugins });
        _chromium = await HeadlessChromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _station.DisposeAsync();
    }

    [Fact]
    public async Task Inserting_a_card_updates_its_tile_within_2_s_and_the_detach_button_detaches_it()
    {
        var page = await OpenDashboardAsync();
        var tile = page.Locator("[data-reader='simulated-reader-03']");

        _station.Reader(3).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.FileSystemCard));

        // The requirement itself: the tile shows the card within 2 s of the insertion (its state may pass through
        // InTransaction while the plugins identify the card). The other waits are generous deadlines, not requirements:
        // a loaded CI machine must not turn a slow plugin identification into a failure.
        await Expect(tile.Locator(".atr")).ToContainTextAsync("3B8A8001", new() { Timeout = 2000 });
        await Expect(tile.Locator(".state")).ToHaveTextAsync("Attached", new() { Timeout = 15_000 });
        await Expect(tile.Locator(".card-type")).ToHaveTextAsync("ISO/IEC 7816-4", new() { Timeout = 15_000 });

        await tile.Locator("button.detach").ClickAsync();

        await Expect(tile.Locator(".state")).ToHaveTextAsync("CardPresent", new() { Timeout = 10_000 });
        var reader = await _station.GetJsonAsync($"/api/readers/{StationUnderTest.ReaderId(3)}");
        Assert.Equal("CardPresent", reader["state"]!.GetValue<string>());
        await Expect(tile.Locator(".last-op")).ToHaveTextAsync("detach ok", new() { Timeout = 10_000 });
    }

    [Fact]
    public async Task A_plugin_operation_runs_from_the_tile_and_shows_its_result()
    {
        var page = await OpenDashboardAsync();
        var tile = page.Locator("[data-reader='simulated-reader-01']");
        _station.Reader(1).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.StorageCard, [0x04, 0xAB, 0xCD, 0xEF]));
        await Expect(tile.Locator(".state")).ToHaveTextAsync("Attached", new() { Timeout = 15_000 });

        await tile.Locator(".op-name").SelectOptionAsync("read-uid");
        await tile.Locator(".operation button").ClickAsync();

        await Expect(tile.Locator(".op-result tr", new() { HasText = "uid" }).First.Locator("td")).ToHaveTextAsync("04ABCDEF", new() { Timeout = 15_000 });
    }

    [Fact]
    public async Task A_screenshot_of_eight_readers_is_saved_as_a_test_artifact()
    {
        var page = await OpenDashboardAsync();
        string[] types = [VirtualCardCatalog.FileSystemCard, VirtualCardCatalog.StorageCard];
        foreach (var i in new[] { 0, 2, 5, 6 })
        {
            _station.Reader(i).Insert(VirtualCardCatalog.Create(types[i % 2]));
            await Expect(page.Locator($"[data-reader='simulated-reader-{i:00}'] .state")).ToHaveTextAsync("Attached", new() { Timeout = 15_000 });
        }

        await Expect(page.Locator("#log li")).Not.ToHaveCountAsync(0);
        var path = Path.Combine(RepositoryPaths.Root, "artifacts", "screenshots", "dashboard.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });

        Assert.True(new FileInfo(path).Length > 10_000, "the screenshot should show a rendered page");
    }

    private Task<IPage> OpenDashboardAsync() => _chromium.OpenDashboardAsync(_station, tiles: 8);
}
