namespace SmartCardFleet.Host.Tests.Support;

/// <summary>One simulated station of 16 readers shared by a test class; each test works on its own reader index.</summary>
public sealed class SharedStation : IAsyncLifetime
{
    public StationUnderTest Station { get; private set; } = null!;

    public async Task InitializeAsync() => Station = await StationUnderTest.StartAsync(readers: 16,
        overrides: new Dictionary<string, string?> { ["Station:OperationTimeout"] = "00:00:01" });

    public async Task DisposeAsync() => await Station.DisposeAsync();
}
