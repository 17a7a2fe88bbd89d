namespace SmartCardFleet.Host.Tests.Support;

/// <summary>One simulated station of 16 readers shared by a test class; each test works on its own reader index.</summary>
public class SharedStation : IAsyncLifetime
{
    public StationUnderTest Station { get; private set; } = null!;

    protected virtual string PluginDirectory => StationUnderTest.EmptyPluginDirectory;

    public async Task InitializeAsync() => Station = await StationUnderTest.StartAsync(readers: 16,
        overrides: new Dictionary<string, string?>
        {
            ["Station:OperationTimeout"] = "00:00:01",
            ["Station:Plugins:Directory"] = PluginDirectory,
        });

    public async Task DisposeAsync() => await Station.DisposeAsync();
}

/// <summary>The shared station with the shipped plugins loaded.</summary>
public sealed class SharedStationWithPlugins : SharedStation
{
    protected override string PluginDirectory => RepositoryPaths.ShippedPlugins;
}
