using SmartCardFleet.Abstractions.Cards;

namespace SmartCardFleet.Abstractions.Plugins;

/// <summary>
/// A card-type plugin: a plain object the host asks whether it handles a card and, if so, to open sessions.
/// Plugins hold no card state themselves (that lives in sessions) and never touch PC/SC.
/// </summary>
/// <remarks>Most plugins derive from <see cref="CardPluginBase"/>.</remarks>
public interface ICardPlugin
{
    /// <summary>The plugin's declaration; must not change over the plugin's lifetime.</summary>
    PluginManifest Manifest { get; }

    /// <summary>Whether the plugin may handle a card with this ATR. Pure: no I/O, no state changes, fast.</summary>
    /// <param name="atr">The card's ATR.</param>
    /// <returns>True when the plugin is a candidate.</returns>
    bool Match(Atr atr);

    /// <summary>
    /// Confirms the card with APDUs (for example SELECT of an AID). The host runs probes one plugin at a time
    /// inside one card transaction, in ranked order. The card is not reset between probes (a reset would disturb
    /// other programs sharing it), so a probe must SELECT what it needs rather than rely on the current selection.
    /// </summary>
    /// <param name="channel">The card channel (unwrapped; wrap it for GET RESPONSE handling).</param>
    /// <param name="cancellationToken">Cancels the probe.</param>
    /// <returns>True when the plugin handles this card.</returns>
    Task<bool> ProbeAsync(ICardChannel channel, CancellationToken cancellationToken);

    /// <summary>Opens a session on an accepted card. The host disposes the session when done.</summary>
    /// <param name="channel">The card channel the session uses for its whole lifetime.</param>
    /// <param name="cancellationToken">Cancels opening (for example an initial SELECT).</param>
    /// <returns>The session.</returns>
    Task<ICardSession> OpenSessionAsync(ICardChannel channel, CancellationToken cancellationToken);
}
