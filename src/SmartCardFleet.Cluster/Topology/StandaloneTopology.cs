namespace SmartCardFleet.Cluster.Topology;

/// <summary>A station without a cluster: a fleet of one, itself, always Up.</summary>
public sealed class StandaloneTopology(string selfName, string? version, TimeProvider time) : IFleetTopology
{
    public bool Clustered => false;

    public string SelfName { get; } = selfName;

    public NodeRole SelfRole => NodeRole.Station;

    /// <summary>Readers are not listed here: a standalone station asks its own reader manager.</summary>
    public FleetView Current => new(SelfName, [new StationView(SelfName, "local", NodeRole.Station, StationStatus.Up, true, version, time.GetUtcNow(), [])]);

    public StationRoute Route(string station) =>
        string.Equals(station, SelfName, StringComparison.Ordinal) ? StationRoute.Local.Instance : new StationRoute.Unknown(station);
}
