using SmartCardFleet.Core.Fleet;

namespace SmartCardFleet.Core.Plugins;

/// <summary>
/// Told about every APDU a plugin sends (probes, session opening, operations) once its answer is in, so the station can
/// count and log plugin traffic like API traffic. A plain callback rather than an EventStream event: an event per APDU
/// would flood every event subscriber. Called on the plugin's task, not on an actor: keep it quick and thread-safe.
/// </summary>
public interface IPluginApduObserver
{
    /// <summary>The card answered <paramref name="exchange"/>.</summary>
    void Exchanged(PluginApduExchange exchange);

    /// <summary>The reader gave no answer to <paramref name="command"/> (card gone, PC/SC error, timeout): <paramref name="reason"/>.</summary>
    void Failed(PluginApduCommand command, string reason);
}

/// <summary>One command a plugin sent. <paramref name="Command"/> may carry a PIN: log it only through ApduRedactor with
/// <paramref name="SensitiveInstructions"/> (the plugin's own secret-bearing instructions, besides ISO's).</summary>
public sealed record PluginApduCommand(ReaderId ReaderId, string PluginId, byte[] Command, IReadOnlyCollection<byte> SensitiveInstructions);

/// <summary>A plugin's command and the card's answer: response data length (without SW), status word, card time.</summary>
public sealed record PluginApduExchange(PluginApduCommand Command, int ResponseLength, ushort StatusWord, TimeSpan Elapsed);
