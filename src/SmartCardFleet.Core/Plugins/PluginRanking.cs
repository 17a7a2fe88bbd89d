using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Core.Plugins.Loading;

namespace SmartCardFleet.Core.Plugins;

/// <summary>A plugin to try on a card. <paramref name="SkipProbe"/>: accept without probing (operator override or a
/// cached identification).</summary>
internal sealed record PluginCandidate(LoadedPlugin Plugin, bool SkipProbe);

/// <summary>
/// Orders the plugins that may handle a card, before any APDU: an operator override for the ATR wins outright;
/// otherwise plugins whose pure <c>Match</c> accepts the ATR, most specific matching ATR mask first, then higher
/// manifest priority, then plugin id (so the order never depends on load order). The generic ISO 7816-4 plugin
/// matches everything with specificity 0 and the lowest priority, so it is always last.
/// </summary>
internal static class PluginRanking
{
    /// <param name="onMatchError">Told when a plugin's Match throws (the plugin is skipped).</param>
    public static IReadOnlyList<PluginCandidate> Rank(Atr atr, IEnumerable<LoadedPlugin> plugins, IReadOnlyList<AtrOverride> overrides,
        Action<LoadedPlugin, Exception>? onMatchError = null)
    {
        ArgumentNullException.ThrowIfNull(atr);
        ArgumentNullException.ThrowIfNull(plugins);
        ArgumentNullException.ThrowIfNull(overrides);
        var available = plugins.ToList();
        var forcedId = overrides.FirstOrDefault(o => o.Pattern.Matches(atr))?.PluginId;
        if (forcedId is not null && available.FirstOrDefault(p => p.Id == forcedId) is { } forced)
        {
            return [new PluginCandidate(forced, SkipProbe: true)];
        }

        return available
            .Where(p => SafeMatch(p, atr, onMatchError))
            .Select(p => (Plugin: p, Specificity: AtrPattern.BestMatch(p.Manifest.AtrPatterns, atr)?.Specificity ?? 0))
            .OrderByDescending(c => c.Specificity)
            .ThenByDescending(c => c.Plugin.Manifest.Priority)
            .ThenBy(c => c.Plugin.Id, StringComparer.Ordinal)
            .Select(c => new PluginCandidate(c.Plugin, SkipProbe: false))
            .ToList();
    }

    private static bool SafeMatch(LoadedPlugin plugin, Atr atr, Action<LoadedPlugin, Exception>? onMatchError)
    {
        try
        {
            return plugin.Instance.Match(atr);
        }
        catch (Exception ex)
        {
            onMatchError?.Invoke(plugin, ex);
            return false;
        }
    }
}
