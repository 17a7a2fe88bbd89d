namespace SmartCardFleet.Host.Configuration;

/// <summary>Logs, once at start, each configuration key <see cref="StationConfigurationCheck"/> found no setting for.</summary>
internal sealed partial class UnknownKeyWarnings(ILogger logger, IReadOnlyList<string> keys) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var key in keys)
        {
            LogUnknownKey(logger, key);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning,
        Message = "Configuration key {Key} is not a setting of the station and is ignored (misspelt? the keys are listed in README.md)")]
    private static partial void LogUnknownKey(ILogger logger, string key);
}
