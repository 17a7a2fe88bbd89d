using Microsoft.Playwright;
using SmartCardFleet.Host.Tests.Support;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SmartCardFleet.Host.Tests.Dashboard;

/// <summary>The dashboard of a node in a fleet, in headless Chromium: readers grouped by station with each station's
/// health, a lost station's readers greyed, filters and counts, and a fleet of 1,000 readers. The page is the real
/// station's; its API answers come from <see cref="FakeFleetApi"/>.</summary>
public sealed class DashboardFleetTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly FakeFleetApi _fleet = new();
    private HeadlessChromium _chromium = null!;
    private StationUnderTest _station = null!;

    public async Task InitializeAsync()
    {
        _station = await StationUnderTest.StartAsync(readers: 1);
        _chromium = await HeadlessChromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _station.DisposeAsync();
    }

    [Fact]
    public async Task Readers_are_grouped_by_station_each_section_with_its_status_reader_count_and_version()
    {
        _fleet.SetReader("kiosk-1", 0, "Attached", "3B8A8001", "ISO/IEC 7816-4");
        _fleet.SetReader("kiosk-1", 1, "NoCard");
        _fleet.SetReader("kiosk-2", 0, "CardPresent", "3B8F8001");
        _fleet.SetStation("kiosk-1", "Up");
        _fleet.SetStation("kiosk-2", "Up");
        _fleet.SetStation("desk-console", "Up", role: "console", self: true);

        var page = await OpenAsync(tiles: 3);

        await Expect(page.Locator(".station")).ToHaveCountAsync(2);
        await Expect(page.Locator("#node")).ToHaveTextAsync("desk-console (console)");
        var first = page.Locator(".station[data-station='kiosk-1']");
        await Expect(first.Locator(".station-status")).ToHaveTextAsync("Up");
        await Expect(first.Locator(".station-readers")).ToHaveTextAsync("2 readers");
        await Expect(first.Locator(".station-version")).ToHaveTextAsync("version 1.4.0");
        await Expect(first.Locator(".station-seen")).ToContainTextAsync("last seen");
        await Expect(first.Locator(".tile")).ToHaveCountAsync(2);
        await Expect(page.Locator(".station[data-station='kiosk-2'] .tile[data-reader='kiosk-2.reader-0000'] .state")).ToHaveTextAsync("CardPresent");
        await Expect(page.Locator(".station").First).ToHaveAttributeAsync("data-station", "kiosk-1");
        await Expect(page.Locator(".tile.unreachable")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_lost_station_greys_its_readers_with_their_last_known_state_and_a_station_gone_takes_them_away()
    {
        _fleet.SetReader("kiosk-1", 0, "Attached", "3B8A8001");
        _fleet.SetReader("kiosk-2", 0, "Attached", "3B8F8001");
        _fleet.SetStation("kiosk-1", "Up");
        _fleet.SetStation("kiosk-2", "Up");
        var page = await OpenAsync(tiles: 2);
        var lost = page.Locator(".station[data-station='kiosk-2']");

        _fleet.SetReader("kiosk-2", 0, "Unreachable");
        _fleet.SetStation("kiosk-2", "Unreachable");

        // The station poll runs every second; the deadline is generous for a loaded machine.
        await Expect(lost.Locator(".station-status")).ToHaveTextAsync("Unreachable", new() { Timeout = 10_000 });
        await Expect(lost.Locator(".station-lost")).ToContainTextAsync("unreachable");
        var tile = lost.Locator(".tile");
        await Expect(tile).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bunreachable\b"));
        await Expect(tile.Locator(".unreachable-mark")).ToBeVisibleAsync();
        await Expect(tile.Locator(".state")).ToHaveTextAsync("Unreachable");
        await Expect(tile.Locator(".atr")).ToHaveTextAsync("3B8F8001");
        await Expect(page.Locator(".station[data-station='kiosk-1'] .unreachable-mark")).ToBeHiddenAsync();

        _fleet.RemoveReadersOf("kiosk-2");
        _fleet.SetStation("kiosk-2", "Down", readers: 0);

        await Expect(lost.Locator(".tile")).ToHaveCountAsync(0, new() { Timeout = 10_000 });
    }

    [Fact]
    public async Task Filters_by_station_state_and_card_type_and_counts_per_state_narrow_the_tiles()
    {
        for (var i = 0; i < 6; i++)
        {
            _fleet.SetReader("kiosk-1", i, i < 2 ? "Attached" : "NoCard", i < 2 ? "3B8A8001" : null, i < 2 ? "ISO/IEC 7816-4" : null);
            _fleet.SetReader("kiosk-2", i, i < 3 ? "CardPresent" : "NoCard", i < 3 ? "3B8F8001" : null);
        }

        _fleet.SetStation("kiosk-1", "Up");
        _fleet.SetStation("kiosk-2", "Up");
        var page = await OpenAsync(tiles: 12);

        await Expect(page.Locator(".count[data-state='NoCard'] b")).ToHaveTextAsync("7");
        await Expect(page.Locator(".count[data-state='Attached'] b")).ToHaveTextAsync("2");
        await Expect(page.Locator(".count[data-state='CardPresent'] b")).ToHaveTextAsync("3");
        await Expect(page.Locator("#shown")).ToHaveTextAsync("12 of 12 readers shown");

        await page.Locator("#filter-station").SelectOptionAsync("kiosk-2");
        await Expect(page.Locator(".station[data-station='kiosk-1']")).ToBeHiddenAsync();
        await Expect(page.Locator(".count[data-state='NoCard'] b")).ToHaveTextAsync("3");
        await Expect(page.Locator(".count[data-state='Attached']")).ToHaveCountAsync(0);

        await page.Locator(".count[data-state='CardPresent']").ClickAsync();
        await Expect(page.Locator("#filter-state")).ToHaveValueAsync("CardPresent");
        await Expect(page.Locator(".tile:visible")).ToHaveCountAsync(3);
        await Expect(page.Locator("#shown")).ToHaveTextAsync("3 of 12 readers shown");

        await page.Locator("#filter-station").SelectOptionAsync("");
        await page.Locator("#filter-state").SelectOptionAsync("");
        await page.Locator("#filter-cardType").SelectOptionAsync("ISO/IEC 7816-4");
        await Expect(page.Locator(".tile:visible")).ToHaveCountAsync(2);
        await Expect(page.Locator(".tile:visible").First).ToHaveAttributeAsync("data-reader", "kiosk-1.reader-0000");
        await page.Locator("#filter-cardType").SelectOptionAsync("(none)");
        await Expect(page.Locator(".tile:visible")).ToHaveCountAsync(10);
    }

    /// <summary>Usable at 1,000 readers: every tile in its station's section, counts right, a filter and a collapse
    /// applied. The times are written to the test output as a record (docs/benchmarks.md has the figures), not asserted.</summary>
    [Fact]
    public async Task A_fleet_of_1000_readers_is_drawn_grouped_counted_and_filtered()
    {
        string[] stations = ["kiosk-1", "kiosk-2", "kiosk-3", "kiosk-4"];
        string[] states = ["NoCard", "CardPresent", "Attached", "Faulted"];
        for (var i = 0; i < 1000; i++)
        {
            _fleet.SetReader(stations[i / 250], i, states[i % 4], states[i % 4] == "NoCard" ? null : "3B8A8001");
        }

        foreach (var station in stations)
        {
            _fleet.SetStation(station, "Up");
        }

        var opened = System.Diagnostics.Stopwatch.StartNew();
        var page = await OpenAsync(tiles: 1000, timeout: 60_000);
        output.WriteLine($"1,000 tiles drawn {opened.ElapsedMilliseconds} ms after the page was asked for (navigation included)");

        foreach (var station in stations)
        {
            await Expect(page.Locator($".station[data-station='{station}'] .tile")).ToHaveCountAsync(250);
        }

        foreach (var state in states)
        {
            await Expect(page.Locator($".count[data-state='{state}'] b")).ToHaveTextAsync("250");
        }

        var reread = await page.EvaluateAsync<double>("async () => { const start = performance.now(); await loadAll(); return performance.now() - start; }");
        output.WriteLine($"the whole list of 1,000 read again and applied (what a reconnect does) in {reread:0} ms");

        var filtered = await page.EvaluateAsync<double>(@"async () => {
            const select = document.getElementById('filter-state');
            const start = performance.now();
            select.value = 'Faulted';
            select.dispatchEvent(new Event('change'));
            await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
            return performance.now() - start;
        }");
        output.WriteLine($"state filter applied to 1,000 tiles and painted in {filtered:0} ms");
        await Expect(page.Locator(".tile:visible")).ToHaveCountAsync(250);

        await page.Locator(".station[data-station='kiosk-1'] > summary").ClickAsync();
        await Expect(page.Locator(".station[data-station='kiosk-1'] .tile").First).ToBeHiddenAsync();
        await Expect(page.Locator(".tile:visible")).ToHaveCountAsync(188);
    }

    private async Task<IPage> OpenAsync(int tiles, float timeout = 10_000)
    {
        var page = await _chromium.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        await _fleet.AnswerAsync(page);
        await page.GotoAsync(_station.BaseAddress.ToString());
        await Expect(page.Locator(".tile")).ToHaveCountAsync(tiles, new() { Timeout = timeout });
        return page;
    }
}
