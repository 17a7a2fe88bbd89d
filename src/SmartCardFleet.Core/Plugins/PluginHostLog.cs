using Microsoft.Extensions.Logging;

namespace SmartCardFleet.Core.Plugins;

/// <summary>The plugin host's own log lines (event ids 44xx).</summary>
internal static class PluginHostLog
{
    public static readonly Action<ILogger, string, string, string, string, Exception?> Identified = LoggerMessage.Define<string, string, string, string>(
        LogLevel.Information, new EventId(4401), "Reader {ReaderId}: card identified by {PluginId} {Version} as {CardType}");

    public static readonly Action<ILogger, string, string, Exception?> Unidentified = LoggerMessage.Define<string, string>(
        LogLevel.Information, new EventId(4402), "Reader {ReaderId}: card not identified: {Reason}");

    public static readonly Action<ILogger, string, string, int, string, Exception?> Quarantined = LoggerMessage.Define<string, string, int, string>(
        LogLevel.Warning, new EventId(4403), "Plugin {PluginId} {Version} quarantined after {Count} failures in a row; last: {Detail}");

    public static readonly Action<ILogger, string, string, string, Exception?> MatchFailed = LoggerMessage.Define<string, string, string>(
        LogLevel.Warning, new EventId(4404), "Plugin {PluginId}: Match threw {ExceptionType}: {Detail}; treated as no match");

    public static readonly Action<ILogger, string, Exception?> CardActorFailed = LoggerMessage.Define<string>(
        LogLevel.Error, new EventId(4405), "Reader {ReaderId}: the card session actor failed and was stopped; the card is no longer identified");

    public static readonly Action<ILogger, string, string, Exception?> ListingFailed = LoggerMessage.Define<string, string>(
        LogLevel.Information, new EventId(4406), "Could not list the readers ({Reason}: {Detail}); listing again when the PC/SC service is back");

    public static readonly Action<ILogger, string, Exception?> LoadFailed = LoggerMessage.Define<string>(
        LogLevel.Error, new EventId(4407), "Reading the plugin folders failed ({Detail}); the plugins stay as they were");

    public static readonly Action<ILogger, string, string, Exception?> QuarantineCleared = LoggerMessage.Define<string, string>(
        LogLevel.Information, new EventId(4420), "Plugin {PluginId} {Version}: quarantine cleared by an operator; its cards run operations again");
}
