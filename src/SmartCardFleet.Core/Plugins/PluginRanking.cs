using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Abstractions.Plugins;
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
/// <remarks>
/// <c>Match</c> is plugin code and may block: the plugin host actor only picks the candidates
/// (<see cref="Candidates"/>, no plugin code), the card's identification work item calls every Match at once, each on
/// its plugin's own threads under a deadline (<see cref="RankAsync"/>), so one blocking Match costs that plugin its
/// place, never the host (docs/plugin-isolation.md).
/// </remarks>
internal static class PluginRanking
{
    /// <summary>On the host actor, without calling plugin code: the plugin an override forces (alone, not probed), or
    /// every available plugin, still to be matched and ordered by <see cref="RankAsync"/>.</summary>
    public static IReadOnlyList<PluginCandidate> Candidates(Atr atr, IEnumerable<LoadedPlugin> plugins, IReadOnlyList<AtrOverride> overrides)
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

        return [.. available.Select(p => new PluginCandidate(p, SkipProbe: false))];
    }

    /// <summary>The candidates to try in order: a decision the ATR alone made (override, cache) as it is; otherwise
    /// the plugins whose <paramref name="match"/> says yes, all asked at once, in ranking order.</summary>
    /// <param name="match">Asks one plugin's Match; false for "no", a fault or a timeout.</param>
    public static async Task<IReadOnlyList<PluginCandidate>> RankAsync(Atr atr, IReadOnlyList<PluginCandidate> candidates,
        Func<LoadedPlugin, Task<bool>> match)
    {
        ArgumentNullException.ThrowIfNull(atr);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(match);
        if (candidates.Any(c => c.SkipProbe))
        {
            return candidates;
        }

        var answers = await Task.WhenAll(candidates.Select(c => match(c.Plugin)));
        return [.. ByManifest(atr, candidates.Where((_, i) => answers[i]).Select(c => c.Plugin))
            .Select(p => new PluginCandidate(p, SkipProbe: false))];
    }

    /// <summary>Plugin data only, no plugin code: whether the manifest lets the plugin take the ATR — one of its
    /// patterns matches it (<see cref="AtrPattern.Any"/> matches every ATR), or it declares none ("the probe
    /// decides"), as <see cref="CardPluginBase"/>'s Match does. The host actor uses it to decide whether a newly
    /// loaded plugin may take a card; the real Match is asked later, in the card's identification.</summary>
    public static bool Declares(LoadedPlugin plugin, Atr atr)
    {
        ArgumentNullException.ThrowIfNull(plugin);
        var patterns = plugin.Manifest.AtrPatterns;
        return patterns.Count == 0 || AtrPattern.BestMatch(patterns, atr) is not null;
    }

    /// <summary>The ranking order, from plugin data only: most specific matching manifest pattern first (no matching
    /// pattern, or the wildcard: specificity 0), then higher manifest priority, then plugin id.</summary>
    public static IEnumerable<LoadedPlugin> ByManifest(Atr atr, IEnumerable<LoadedPlugin> plugins) => plugins
        .OrderByDescending(p => AtrPattern.BestMatch(p.Manifest.AtrPatterns, atr)?.Specificity ?? 0)
        .ThenByDescending(p => p.Manifest.Priority)
        .ThenBy(p => p.Id, StringComparer.Ordinal);
}
