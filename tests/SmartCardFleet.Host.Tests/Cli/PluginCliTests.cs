using System.Net;
using SmartCardFleet.Host.Cli;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Cli;

/// <summary>`fleet plugins` and its commands against a station whose Faulty fixture holds a card and can be quarantined.</summary>
public sealed class PluginCliTests : IAsyncLifetime
{
    private const string Faulty = FaultyStation.PluginId;
    private FaultyStation _faulty = null!;

    private StationUnderTest Station => _faulty.Station;

    private string Url => Station.BaseAddress.ToString().TrimEnd('/');

    public async Task InitializeAsync() => _faulty = await FaultyStation.StartAsync(readers: 1);

    public Task DisposeAsync() => _faulty.DisposeAsync().AsTask();

    [Fact]
    public async Task A_quarantined_plugin_is_listed_with_its_reason_and_its_cards_and_clear_quarantine_loads_it_again()
    {
        for (var i = 0; i < 5; i++)
        {
            await ProblemAssert.IsAsync(await Station.PostAsync($"/api/readers/{StationUnderTest.ReaderId(0)}/operations/fail", null),
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
