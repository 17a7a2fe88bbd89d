using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Host.Api;

namespace SmartCardFleet.Host.Metrics;

/// <summary>The one place an APDU is accounted for, whether a plugin or the API sent it: fleet_apdus_total and
/// fleet_apdu_duration_milliseconds (labelled with the plugin's id, "none" for the API), and one redacted debug line
/// each (ApduLog).</summary>
public sealed class ApduRecorder(ApduLog apduLog, FleetMetrics metrics) : IPluginApduObserver
{
    public void Exchanged(PluginApduExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        var command = exchange.Command;
        Exchanged(command.ReaderId.Value, command.PluginId, command.Command, exchange.ResponseLength, exchange.StatusWord,
            exchange.Elapsed, command.SensitiveInstructions);
    }

    public void Failed(PluginApduCommand command, string reason)
    {
        ArgumentNullException.ThrowIfNull(command);
        Failed(command.ReaderId.Value, command.PluginId, command.Command, reason, command.SensitiveInstructions);
    }

    /// <param name="plugin">The plugin that sent the APDU; null for one sent through the API.</param>
    /// <param name="sensitiveIns">A plugin's own secret-bearing instructions, redacted besides ISO's.</param>
    public void Exchanged(string readerId, string? plugin, byte[] command, int responseLength, ushort statusWord, TimeSpan elapsed,
        IReadOnlyCollection<byte>? sensitiveIns = null)
    {
        apduLog.Exchanged(readerId, plugin, command, responseLength, statusWord, elapsed, sensitiveIns);
        metrics.RecordApdu(readerId, plugin, elapsed);
    }

    /// <param name="plugin">The plugin that sent the APDU; null for one sent through the API.</param>
    /// <param name="sensitiveIns">A plugin's own secret-bearing instructions, redacted besides ISO's.</param>
    public void Failed(string readerId, string? plugin, byte[] command, string reason, IReadOnlyCollection<byte>? sensitiveIns = null)
    {
        apduLog.Failed(readerId, plugin, command, reason, sensitiveIns);
        metrics.RecordApduError(readerId, plugin, reason);
    }
}
