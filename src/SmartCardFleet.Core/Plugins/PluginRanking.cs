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
        return [.. candidates
            .Where((_, i) => answers[i])
            .Select(c => (c.Plugin, Specificity: AtrPattern.BestMatch(c.Plugin.Manifest.AtrPatterns, atr)?.Specificity ?? 0))
            .OrderByDescending(c => c.Specificity)
            .ThenByDescending(c => c.Plugin.Manifest.Priority)
            .ThenBy(c => c.Plugin.Id, StringComparer.Ordinal)
            .Select(c => new PluginCandidate(c.Plugin, SkipProbe: false))];
    }
}
