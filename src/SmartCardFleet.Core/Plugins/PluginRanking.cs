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
    /// every available plugin in the order its manifest gives it for this ATR, still to be matched (and ordered again)
    /// by <see cref="RankAsync"/>.</summary>
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

        return Order(atr, available);
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
        return Order(atr, candidates.Where((_, i) => answers[i]).Select(c => c.Plugin));
    }

    /// <summary>On the host actor, without calling plugin code: the ranking <see cref="RankAsync"/> would give if every
    /// plugin's Match did what its manifest says (one of its ATR patterns matches, or it has none), the default of
    /// <c>CardPluginBase.Match</c>. Good enough to decide whether a card is worth identifying again; the identification
    /// itself asks the real Match.</summary>
    public static IReadOnlyList<PluginCandidate> ByManifest(Atr atr, IEnumerable<LoadedPlugin> plugins, IReadOnlyList<AtrOverride> overrides)
    {
        var candidates = Candidates(atr, plugins, overrides);
        return candidates.Any(c => c.SkipProbe)
            ? candidates
            : Order(atr, candidates.Select(c => c.Plugin).Where(p => p.Manifest.AtrPatterns.Count == 0 || p.Manifest.AtrPatterns.Any(a => a.Matches(atr))));
    }

    private static IReadOnlyList<PluginCandidate> Order(Atr atr, IEnumerable<LoadedPlugin> matched) =>
    [
        .. matched
            .Select(p => (Plugin: p, Specificity: AtrPattern.BestMatch(p.Manifest.AtrPatterns, atr)?.Specificity ?? 0))
            .OrderByDescending(c => c.Specificity)
            .ThenByDescending(c => c.Plugin.Manifest.Priority)
            .ThenBy(c => c.Plugin.Id, StringComparer.Ordinal)
            .Select(c => new PluginCandidate(c.Plugin, SkipProbe: false)),
    ];
}
