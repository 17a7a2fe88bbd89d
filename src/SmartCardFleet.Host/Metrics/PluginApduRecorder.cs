using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Host.Api;

namespace SmartCardFleet.Host.Metrics;

/// <summary>Gives APDUs that plugins send the same treatment as APDUs sent through the API: fleet_apdus_total and
/// fleet_apdu_duration_milliseconds with the plugin's id as label, and one redacted debug line each (ApduLog).</summary>
public sealed class PluginApduRecorder(ApduLog apduLog, FleetMetrics metrics) : IPluginApduObserver
{
    public void Exchanged(PluginApduExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        var command = exchange.Command;
        apduLog.Exchanged(command.ReaderId.Value, command.PluginId, command.Command, exchange.ResponseLength, exchange.StatusWord,
            exchange.Elapsed, command.SensitiveInstructions);
        metrics.RecordApdu(command.ReaderId.Value, command.PluginId, exchange.Elapsed);
    }

    public void Failed(PluginApduCommand command, string reason)
    {
        ArgumentNullException.ThrowIfNull(command);
        apduLog.Failed(command.ReaderId.Value, command.PluginId, command.Command, reason, command.SensitiveInstructions);
        metrics.RecordApduError(command.ReaderId.Value, command.PluginId, reason);
    }
}
