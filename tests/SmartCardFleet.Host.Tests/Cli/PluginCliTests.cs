using System.Net;
using SmartCardFleet.Host.Cli;
using SmartCardFleet.Host.Simulation;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Cli;

/// <summary>`fleet plugins` and its commands against a station whose Faulty fixture holds a card and can be quarantined.</summary>
public sealed class PluginCliTests : IAsyncLifetime
{
    private const string Faulty = "org.smartcardfleet.test.faulty";
    private readonly TemporaryPluginDirectory _plugins = new("Faulty");
    private StationUnderTest _station = null!;

    private string Url => _station.BaseAddress.ToString().TrimEnd('/');

    public async Task InitializeAsync()
    {
        _station = await StationUnderTest.StartAsync(readers: 1, overrides: new Dictionary<string, string?>
        {
            ["Station:Plugins:Directory"] = _plugins.Path,
        });
        _station.Reader(0).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.StorageCard));
        await Eventually.TrueAsync(async () => (await _station.GetJsonAsync($"/api/readers/{StationUnderTest.ReaderId(0)}"))["plugin"]?.GetValue<string>() == Faulty,
            TimeSpan.FromSeconds(10), "the storage card to be identified by the Faulty fixture");
    }

    public async Task DisposeAsync()
    {
        await _station.DisposeAsync();
        _plugins.Dispose();
    }

    [Fact]
    public async Task A_quarantined_plugin_is_listed_with_its_reason_and_its_cards_and_clear_quarantine_loads_it_again()
    {
        for (var i = 0; i < 5; i++)
        {
            await ProblemAssert.IsAsync(await _station.PostAsync($"/api/readers/{StationUnderTest.ReaderId(0)}/operations/fail", null),
                HttpStatusCode.BadGateway);
        }

        var (listExit, listed, _) = await FleetProcess.RunAsync("plugins", "--url", Url);
        var (clearExit, cleared, clearError) = await FleetProcess.RunAsync("plugins", "clear-quarantine", Faulty, "--url", Url);

        Assert.Equal(ExitCodes.Ok, listExit);
        Assert.Matches($@"{Faulty.Replace(".", "\\.", StringComparison.Ordinal)}\s+1\.0\.0\s+Quarantined\s+simulated-reader-00\s+quarantined after 5 failures in a row; the last: .*fixture: this operation always fails", listed);
        Assert.True(clearExit == ExitCodes.Ok, clearError);
        Assert.Matches(@"1\.0\.0\s+Loaded\s+simulated-reader-00", cleared);
    }
}
