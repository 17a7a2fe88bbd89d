using Microsoft.Extensions.Logging;

namespace SmartCardFleet.Core.Plugins.Sessions;

/// <summary>The log lines of a card's session and its work items (event ids 42xx identification, 43xx operations).
/// Operation arguments appear only redacted (<c>OperationDescriptor.RedactArguments</c>), at Debug.</summary>
internal static class CardSessionLog
{
    public static readonly Action<ILogger, string, string, string, string, Exception?> ProbeFailed = LoggerMessage.Define<string, string, string, string>(
        LogLevel.Warning, new EventId(4201), "Reader {ReaderId}: probe of plugin {PluginId} failed ({ExceptionType}: {Detail}); trying the next plugin");

    public static readonly Action<ILogger, string, string, string, string, Exception?> OpenSessionFailed = LoggerMessage.Define<string, string, string, string>(
        LogLevel.Warning, new EventId(4202), "Reader {ReaderId}: plugin {PluginId} accepted the card but opening its session failed ({ExceptionType}: {Detail})");

    public static readonly Action<ILogger, string, string, Exception?> EndTransactionFailed = LoggerMessage.Define<string, string>(
        LogLevel.Warning, new EventId(4203), "Reader {ReaderId}: ending the plugin host's transaction failed: {Failure}");

    public static readonly Action<ILogger, string, string, string, string, string, Exception?> OperationStarting = LoggerMessage.Define<string, string, string, string, string>(
        LogLevel.Debug, new EventId(4301), "Reader {ReaderId}: {PluginId} {Version} runs {Operation} with {Arguments}");

    public static readonly Action<ILogger, string, string, string, Exception?> OperationCompleted = LoggerMessage.Define<string, string, string>(
        LogLevel.Debug, new EventId(4302), "Reader {ReaderId}: {PluginId} completed {Operation}");

    public static readonly Action<ILogger, string, string, string, OperationFailureReason, string, Exception?> OperationRefused =
        LoggerMessage.Define<string, string, string, OperationFailureReason, string>(
            LogLevel.Information, new EventId(4303), "Reader {ReaderId}: {PluginId} refused {Operation} ({Reason}): {Detail}");

    public static readonly Action<ILogger, string, string, string, OperationFailureReason, string, Exception?> OperationFault =
        LoggerMessage.Define<string, string, string, OperationFailureReason, string>(
            LogLevel.Warning, new EventId(4304), "Reader {ReaderId}: {PluginId} failed {Operation} ({Reason}): {Detail}");

    public static readonly Action<ILogger, string, string, string, Exception?> ResetNoticeFailed = LoggerMessage.Define<string, string, string>(
        LogLevel.Warning, new EventId(4305), "Reader {ReaderId}: {PluginId} failed to handle the card reset: {Detail}");
}
