using SmartCardFleet.Host.Simulation;

namespace SmartCardFleet.Host.Tests.Support;

/// <summary>A station on a plugin directory of its own holding the Faulty fixture (it fails on request, so it can be
/// quarantined) and any other fixtures asked for, with a storage card in reader 0 that Faulty has identified. Disposing
/// it stops the station and deletes the directory.</summary>
internal sealed class FaultyStation : IAsyncDisposable
{
    public const string PluginId = "org.smartcardfleet.test.faulty";

    private readonly TemporaryPluginDirectory _plugins;

    private FaultyStation(TemporaryPluginDirectory plugins, StationUnderTest station)
    {
        _plugins = plugins;
        Station = station;
    }

    public StationUnderTest Station { get; }

    public static async Task<FaultyStation> StartAsync(int readers, params string[] moreFixtures)
    {
        var plugins = new TemporaryPluginDirectory(["Faulty", .. moreFixtures]);
        var station = await StationUnderTest.StartAsync(readers, overrides: new Dictionary<string, string?>
        {
            ["Station:Plugins:Directory"] = plugins.Path,
        });
        station.Reader(0).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.StorageCard));
        await Eventually.TrueAsync(async () =>
                (await station.GetJsonAsync($"/api/readers/{StationUnderTest.ReaderId(0)}"))["plugin"]?.GetValue<string>() == PluginId,
            TimeSpan.FromSeconds(10), "the storage card to be identified by the Faulty fixture");
        return new FaultyStation(plugins, station);
    }

    public async ValueTask DisposeAsync()
    {
        await Station.DisposeAsync();
        _plugins.Dispose();
    }
}
