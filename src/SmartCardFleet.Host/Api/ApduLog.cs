using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Apdu;

namespace SmartCardFleet.Host.Api;

/// <summary>One structured debug line per APDU (category SmartCardFleet.Host.Apdu). The command goes through the SDK's
/// <see cref="ApduRedactor"/>: VERIFY, CHANGE REFERENCE DATA and RESET RETRY COUNTER bodies never reach the log.</summary>
public sealed partial class ApduLog(ILoggerFactory loggerFactory)
{
    private readonly ILogger _log = loggerFactory.CreateLogger("SmartCardFleet.Host.Apdu");

    /// <summary>The command as logs and the audit journal show it: VERIFY, CHANGE REFERENCE DATA and RESET RETRY COUNTER
    /// bodies (and a plugin's <paramref name="sensitiveIns"/>) replaced by "[n bytes redacted]".</summary>
    public static string Redacted(byte[] command, IReadOnlyCollection<byte>? sensitiveIns = null) => ApduRedactor.ForLog(command, sensitiveIns);

    /// <param name="sensitiveIns">A plugin's own secret-bearing instructions, redacted besides ISO's.</param>
    public void Exchanged(string readerId, string? plugin, byte[] command, int responseLength, ushort statusWord, TimeSpan elapsed,
        IReadOnlyCollection<byte>? sensitiveIns = null)
    {
        if (_log.IsEnabled(LogLevel.Debug))
        {
            LogExchanged(readerId, plugin ?? "-", Hex.Format(command.AsSpan(0, 4)), command.Length, responseLength,
                statusWord, elapsed.TotalMilliseconds, Redacted(command, sensitiveIns));
        }
    }

    public void Failed(string readerId, string? plugin, byte[] command, string reason, IReadOnlyCollection<byte>? sensitiveIns = null)
    {
        if (_log.IsEnabled(LogLevel.Debug))
        {
            LogFailed(readerId, plugin ?? "-", Hex.Format(command.AsSpan(0, Math.Min(4, command.Length))), command.Length, reason,
                Redacted(command, sensitiveIns));
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Debug,
        Message = "APDU reader={ReaderId} plugin={Plugin} header={Header} commandLength={CommandLength} responseLength={ResponseLength} sw={StatusWord:X4} elapsedMs={ElapsedMs:0.###} command={Command}")]
    private partial void LogExchanged(string readerId, string plugin, string header, int commandLength, int responseLength,
        ushort statusWord, double elapsedMs, string command);

    [LoggerMessage(EventId = 101, Level = LogLevel.Debug,
        Message = "APDU reader={ReaderId} plugin={Plugin} header={Header} commandLength={CommandLength} failed={Reason} command={Command}")]
    private partial void LogFailed(string readerId, string plugin, string header, int commandLength, string reason, string command);
}
