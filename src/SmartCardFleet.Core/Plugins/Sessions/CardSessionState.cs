using SmartCardFleet.Abstractions.Plugins;
using SmartCardFleet.Core.Plugins.Loading;

namespace SmartCardFleet.Core.Plugins.Sessions;

/// <summary>What a card's session actor holds between work items: its plugin (null: not identified, or the plugin
/// went away in a reload), the plugin's open session and channel (null until the first operation opens one), whether
/// the session still has to hear about a card reset, and whether a plugin accepted the card.</summary>
internal sealed record CardSessionState(LoadedPlugin? Plugin, ICardSession? Session, ISessionChannel? Channel, bool ResetPending, bool Identified)
{
    public static readonly CardSessionState Unidentified = new(null, null, null, ResetPending: false, Identified: false);

    /// <summary>Identified by <paramref name="plugin"/>, with no session open yet.</summary>
    public static CardSessionState Fresh(LoadedPlugin? plugin) => new(plugin, null, null, ResetPending: false, Identified: plugin is not null);
}
