namespace SmartCardFleet.Host.Station;

/// <summary>How `fleet run` was started: the configuration file, configuration overrides from the command line
/// ("--Station:OperationTimeout=00:00:05" the .NET way) and the values of run's own options.</summary>
public sealed record StationLaunch
{
    /// <summary>appsettings file; null = appsettings.json beside the executable (optional).</summary>
    public string? ConfigPath { get; init; }

    public IReadOnlyList<string> ConfigArgs { get; init; } = [];

    /// <summary>Set by --simulate N (wins over Station:Simulate).</summary>
    public int? SimulateReaders { get; init; }

    /// <summary>Set by --urls (wins over Http:Urls).</summary>
    public IReadOnlyList<string> Urls { get; init; } = [];

    /// <summary>Last-applied key/value overrides (tests pin ports and timings here).</summary>
    public IReadOnlyDictionary<string, string?> Overrides { get; init; } = new Dictionary<string, string?>();

    /// <summary>Runs after the station's own services are registered: tests replace one here (e.g. the fleet topology).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    public string DefaultConfigPath => Path.Combine(AppContext.BaseDirectory, "appsettings.json");
}
