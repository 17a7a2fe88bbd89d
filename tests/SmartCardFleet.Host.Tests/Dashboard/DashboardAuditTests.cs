using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartCardFleet.Host.Tests.Support;
using SmartCardFleet.Storage.Audit;
using static Microsoft.Playwright.Assertions;

namespace SmartCardFleet.Host.Tests.Dashboard;

/// <summary>The dashboard's audit view in headless Chromium: records of the journal with their filters and paging, and
/// a record carrying markup shown as text, never run.</summary>
public sealed class DashboardAuditTests : IAsyncLifetime
{
    private const string Markup = "<img src=x onerror=\"window.audited=1\">";
    private readonly InMemoryAuditJournal _audit = new();
    private HeadlessChromium _chromium = null!;
    private StationUnderTest _station = null!;

    public async Task InitializeAsync()
    {
        var time = DateTimeOffset.UtcNow.AddHours(-2);
        for (var i = 0; i < 60; i++)
        {
            _audit.Record(new AuditEntry(time.AddSeconds(i), "station-a", "r-1", null, null, "kiosk-1", "reader.transmit",
                "{\"apdu\":\"00 A4\"}", AuditOutcome.Succeeded, 200, null));
        }

        _audit.Record(new AuditEntry(time.AddMinutes(5), "station-a", Markup, null, null, "desk-2", "plugin.operation",
            $"{{\"label\":\"{Markup.Replace("\"", "\\\"", StringComparison.Ordinal)}\"}}", AuditOutcome.Failed, 502, Markup));
        _station = await StationUnderTest.StartAsync(readers: 1,
            services: s => s.AddSingleton<IAuditJournal>(_audit).AddSingleton<IAuditReader>(_audit));
        _chromium = await HeadlessChromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _station.DisposeAsync();
    }

    [Fact]
    public async Task The_audit_view_filters_pages_to_older_records_and_shows_markup_as_text()
    {
        var page = await _chromium.OpenDashboardAsync(_station, 1);
        var console = new ConcurrentQueue<string>();
        page.Console += (_, message) => console.Enqueue(message.Text);
        var rows = page.Locator("#audit tbody tr");

        await page.Locator("#audit-panel summary").ClickAsync();
        await Expect(rows).ToHaveCountAsync(50, new() { Timeout = 10_000 });
        await Expect(rows.First.Locator(".audit-who")).ToHaveTextAsync("desk-2");
        await Expect(rows.First.Locator(".audit-reader")).ToHaveTextAsync(Markup);
        await Expect(rows.First.Locator(".audit-detail")).ToHaveTextAsync(Markup);
        await Expect(rows.First.Locator(".audit-what")).ToContainTextAsync("onerror");
        Assert.Equal(0, await page.Locator("#audit img").CountAsync());
        Assert.Null(await page.EvaluateAsync<int?>("() => window.audited"));

        await page.Locator("#audit-older").ClickAsync();
        await Expect(rows).ToHaveCountAsync(11);
        await Expect(page.Locator("#audit-older")).ToBeDisabledAsync();
        await page.Locator("#audit-newer").ClickAsync();
        await Expect(rows).ToHaveCountAsync(50);

        await page.Locator("#audit-filters [name=who]").FillAsync("desk-2");
        await page.Locator("#audit-filters [name=outcome]").SelectOptionAsync("Failed");
        await page.Locator("#audit-filters button[type=submit]").ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First.Locator(".audit-status")).ToHaveTextAsync("502");

        await page.Locator("#audit-filters [name=outcome]").SelectOptionAsync("Refused");
        await page.Locator("#audit-filters button[type=submit]").ClickAsync();
        await Expect(rows).ToHaveCountAsync(0);
        await Expect(page.Locator("#audit-empty")).ToBeVisibleAsync();
        Assert.DoesNotContain(console, line => line.Contains("Content Security Policy", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_time_range_in_local_time_reaches_the_api_as_utc()
    {
        var page = await _chromium.OpenDashboardAsync(_station, 1);
        await page.Locator("#audit-panel summary").ClickAsync();
        await Expect(page.Locator("#audit tbody tr")).ToHaveCountAsync(50, new() { Timeout = 10_000 });

        var request = page.WaitForRequestAsync(r => r.Url.Contains("/api/audit?", StringComparison.Ordinal) && r.Url.Contains("from=", StringComparison.Ordinal));
        await page.Locator("#audit-filters [name=from]").FillAsync("2026-12-01T08:30");
        await page.Locator("#audit-filters button[type=submit]").ClickAsync();
        var url = (await request).Url;

        var expected = new DateTimeOffset(2026, 12, 1, 8, 30, 0, await LocalOffsetAsync(page)).UtcDateTime;
        Assert.Contains($"from={Uri.EscapeDataString(expected.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture))}",
            url, StringComparison.Ordinal);
        await Expect(page.Locator("#audit-error")).ToBeEmptyAsync();
    }

    private static async Task<TimeSpan> LocalOffsetAsync(IPage page) =>
        TimeSpan.FromMinutes(-await page.EvaluateAsync<int>("() => new Date(2026, 11, 1, 8, 30).getTimezoneOffset()"));
}
