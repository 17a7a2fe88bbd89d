using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartCardFleet.Host.Events;
using SmartCardFleet.Host.Simulation;
using SmartCardFleet.Host.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace SmartCardFleet.Host.Tests.Dashboard;

/// <summary>The operation form built from an operation's descriptor, and the plugins panel, in headless Chromium. The
/// station's plugins are the Echo fixture (one operation with an argument of every form type, on the ISO 7816 card) and
/// Faulty (fails on request, so it can be quarantined, on the storage card).</summary>
public sealed class DashboardOperationFormTests : IAsyncLifetime
{
    private const string Pin = "Zq9-pin-77310";
    private const string AdvancedPin = "Xk4-advanced-pin-50217";
    private readonly TemporaryPluginDirectory _plugins = new("Echo", "Faulty");
    private HeadlessChromium _chromium = null!;
    private StationUnderTest _station = null!;

    public async Task InitializeAsync()
    {
        _station = await StationUnderTest.StartAsync(readers: 2,
            overrides: new Dictionary<string, string?> { ["Station:Plugins:Directory"] = _plugins.Path });
        _chromium = await HeadlessChromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _station.DisposeAsync();
        _plugins.Dispose();
    }

    [Fact]
    public async Task The_form_has_an_input_per_argument_type_runs_the_operation_shows_a_result_table_and_never_echoes_the_secret()
    {
        var page = await OpenDashboardAsync();
        var console = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.Console += (_, message) => console.Enqueue(message.Text);
        var tile = page.Locator("[data-reader='simulated-reader-00']");
        _station.Reader(0).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.FileSystemCard));
        await Expect(tile.Locator(".card-type")).ToHaveTextAsync("Echo test card", new() { Timeout = 15_000 });
        await Expect(tile.Locator(".op-name")).ToHaveValueAsync("echo");

        var fields = tile.Locator(".op-fields");
        await Expect(fields.Locator("[name=count]")).ToHaveAttributeAsync("type", "number");
        await Expect(fields.Locator("[name=count]")).ToHaveAttributeAsync("required", "");
        await Expect(fields.Locator("[name=enabled]")).ToHaveAttributeAsync("type", "checkbox");
        await Expect(fields.Locator("[name=data]")).ToHaveAttributeAsync("type", "text");
        await Expect(fields.Locator("[name=data]")).ToHaveAttributeAsync("pattern", new System.Text.RegularExpressions.Regex(".+"));
        await Expect(fields.Locator("[name=label]")).ToHaveAttributeAsync("type", "text");
        await Expect(fields.Locator("[name=label]")).Not.ToHaveAttributeAsync("required", "");
        await Expect(fields.Locator("[name=pin]")).ToHaveAttributeAsync("type", "password");
        await Expect(fields).ToContainTextAsync("A number, 0-1000.");

        await fields.Locator("[name=count]").FillAsync("42");
        await fields.Locator("[name=enabled]").CheckAsync();
        await fields.Locator("[name=data]").FillAsync("0A 0B");
        await fields.Locator("[name=label]").FillAsync("hello");
        await fields.Locator("[name=pin]").FillAsync(Pin);
        // The same secret typed into the advanced JSON too: it must not stay in the page once sent.
        await tile.Locator(".op-advanced summary").ClickAsync();
        await tile.Locator(".op-args").FillAsync($"{{\"pin\": \"{AdvancedPin}\"}}");
        await tile.Locator(".operation button[type=submit]").ClickAsync();

        var result = tile.Locator(".op-result");
        await Expect(Row(result, "count")).ToHaveTextAsync("42", new() { Timeout = 15_000 });
        await Expect(Row(result, "enabled")).ToHaveTextAsync("true");
        await Expect(Row(result, "data")).ToHaveTextAsync("0A0B");
        await Expect(Row(result, "pinLength")).ToHaveTextAsync(Pin.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(Row(result, "nested")).ToHaveTextAsync("{\"count\":42,\"label\":\"hello\"}");
        await Expect(tile.Locator(".last-op")).ToHaveTextAsync("echo ok", new() { Timeout = 10_000 });
        await Expect(fields.Locator("[name=pin]")).ToHaveValueAsync("");
        await Expect(fields.Locator("[name=label]")).ToHaveValueAsync("hello");
        await Expect(tile.Locator(".op-args")).ToHaveValueAsync("");
        await Expect(page.Locator("#log li", new() { HasText = "ReaderActivity" }).First).ToBeVisibleAsync();
        Assert.DoesNotContain(Pin, await page.ContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(Pin, await page.EvaluateAsync<string>("() => document.body.innerText"), StringComparison.Ordinal);
        // Typed text lives in a textarea's value, not in its markup: read every field's value as well as the HTML.
        var values = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('input, textarea')].map(e => e.value)");
        foreach (var secret in new[] { Pin, AdvancedPin })
        {
            Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
            Assert.DoesNotContain(values, value => value.Contains(secret, StringComparison.Ordinal));
        }

        // The generated form and table live under the station's Content-Security-Policy (no inline script or style).
        Assert.DoesNotContain(console, line => line.Contains("Content Security Policy", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_required_field_left_empty_sends_nothing_and_the_browser_says_what_is_missing()
    {
        var page = await OpenDashboardAsync();
        var tile = page.Locator("[data-reader='simulated-reader-00']");
        _station.Reader(0).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.FileSystemCard));
        await Expect(tile.Locator(".card-type")).ToHaveTextAsync("Echo test card", new() { Timeout = 15_000 });
        await tile.Locator("[name=pin]").FillAsync(Pin);
        var before = Journal.LastId;

        await tile.Locator(".operation button[type=submit]").ClickAsync();

        Assert.False(await tile.Locator("[name=count]").EvaluateAsync<bool>("input => input.validity.valid"));
        // Sync point: the form filled in is sent next; its answer arrives after anything the first click had sent.
        await tile.Locator("[name=count]").FillAsync("7");
        await tile.Locator(".operation button[type=submit]").ClickAsync();
        await Expect(tile.Locator(".last-op")).ToHaveTextAsync("echo ok", new() { Timeout = 10_000 });
        var operations = Journal.Since(before).Where(e => e.Type == "ReaderActivity" && e.ReaderId == StationUnderTest.ReaderId(0)).ToList();
        Assert.Equal("ok", Assert.Single(operations).Data["outcome"]!.GetValue<string>());
    }

    private FleetEventJournal Journal => _station.App.Services.GetRequiredService<FleetEventJournal>();

    [Fact]
    public async Task The_plugins_panel_shows_version_state_reason_and_cards_and_its_button_clears_a_quarantine()
    {
        var page = await OpenDashboardAsync();
        _station.Reader(1).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.StorageCard));
        var faulty = page.Locator("#plugins tr[data-plugin='org.smartcardfleet.test.faulty']");
        await Expect(faulty.Locator(".cards")).ToHaveTextAsync("simulated-reader-01", new() { Timeout = 15_000 });
        await Expect(faulty.Locator(".version")).ToHaveTextAsync("1.0.0");
        await Expect(faulty.Locator("button.clear-quarantine")).ToBeDisabledAsync();
        for (var i = 0; i < 5; i++)
        {
            await _station.PostAsync($"/api/readers/{StationUnderTest.ReaderId(1)}/operations/fail", null);
        }

        await Expect(faulty.Locator(".state")).ToHaveTextAsync("Quarantined", new() { Timeout = 10_000 });
        await Expect(faulty.Locator(".reason")).ToContainTextAsync("fixture: this operation always fails");
        await faulty.Locator("button.clear-quarantine").ClickAsync();

        await Expect(faulty.Locator(".state")).ToHaveTextAsync("Loaded", new() { Timeout = 10_000 });
        await Expect(faulty.Locator(".reason")).ToHaveCountAsync(0);
        var plugins = await _station.GetJsonAsync("/api/plugins");
        Assert.Equal("Loaded", plugins.AsArray().Single(p => p!["id"]!.GetValue<string>() == "org.smartcardfleet.test.faulty")!["state"]!.GetValue<string>());
    }

    private static ILocator Row(ILocator table, string field) => table.Locator("tr", new() { Has = table.Page.Locator($"th:text-is('{field}')") }).Locator("td");

    private async Task<IPage> OpenDashboardAsync()
    {
        var page = await _chromium.OpenDashboardAsync(_station, tiles: 2);
        await Expect(page.Locator("#plugins tr[data-plugin]")).ToHaveCountAsync(2, new() { Timeout = 10_000 });
        return page;
    }
}
