using SmartCardFleet.Cluster.Tests.Support;
using SmartCardFleet.Cluster.Topology;

namespace SmartCardFleet.Cluster.Tests.MultiNode;

/// <summary>The fleet the everyday specs share (starting one costs seconds): station-a forms it, station-b and a console
/// join through it, each station with three simulated readers.</summary>
public sealed class TwoStationsAndAConsole : IAsyncLifetime
{
    private LocalFleet? _fleet;

    internal LocalFleet Fleet => _fleet ?? throw new InvalidOperationException("the fleet has not started");

    internal FleetNode StationA => Fleet["station-a"];

    internal FleetNode StationB => Fleet["station-b"];

    internal FleetNode Console => Fleet["console"];

    public async Task InitializeAsync() =>
        _fleet = await LocalFleet.StartAsync(
            new NodeSetup("station-a"),
            new NodeSetup("station-b"),
            new NodeSetup("console", NodeRole.Console));

    public async Task DisposeAsync()
    {
        if (_fleet is not null)
        {
            await _fleet.DisposeAsync();
        }
    }
}
