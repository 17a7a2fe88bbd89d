using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Abstractions.Plugins;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Plugins.Loading;

namespace SmartCardFleet.Core.Tests.Plugins;

/// <summary>Candidate order before any APDU: override, then mask specificity, then priority, then id.</summary>
public sealed class PluginRankingSpecs
{
    private static readonly Atr Card = Atr.Parse("3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00 6A");

    [Fact]
    public async Task The_most_specific_matching_mask_wins_over_a_higher_priority()
    {
        var exact = Plugin("org.test.exact", Hex.Format(Card.Bytes.Span), priority: 0);
        var loose = Plugin("org.test.loose", "3B 8F 80 01 80 4F 0C A0 00 00 03 06 00 00 00 00 00 00 00 00/FF FF FF FF FF FF FF FF FF FF FF FF 00 00 00 00 00 00 00 00", priority: 50);

        var ranked = await Rank([loose, exact], []);

        Assert.Equal(["org.test.exact", "org.test.loose"], ranked.Select(c => c.Plugin.Id));
        Assert.All(ranked, c => Assert.False(c.SkipProbe));
    }

    [Fact]
    public async Task Equally_specific_plugins_are_ordered_by_priority_then_id()
    {
        var low = Plugin("org.test.a-low", probe: true, priority: 1);
        var highB = Plugin("org.test.b-high", probe: true, priority: 5);
        var highA = Plugin("org.test.a-high", probe: true, priority: 5);

        var ranked = await Rank([low, highB, highA], []);

        Assert.Equal(["org.test.a-high", "org.test.b-high", "org.test.a-low"], ranked.Select(c => c.Plugin.Id));
    }

    [Fact]
    public async Task A_wildcard_fallback_with_the_lowest_priority_ranks_last_even_behind_a_plugin_that_gives_no_pattern()
    {
        var fallback = Plugin("org.test.a-fallback", "*", priority: int.MinValue);
        var probeOnly = Plugin("org.test.probe-only", probe: true, priority: -100);
        var exact = Plugin("org.test.exact", Hex.Format(Card.Bytes.Span), priority: 0);

        var ranked = await Rank([fallback, probeOnly, exact], []);

        Assert.Equal(["org.test.exact", "org.test.probe-only", "org.test.a-fallback"], ranked.Select(c => c.Plugin.Id));
    }

    [Fact]
    public async Task A_configured_override_forces_its_plugin_without_a_probe()
    {
        var specific = Plugin("org.test.specific", Hex.Format(Card.Bytes.Span), priority: 100);
        var forced = Plugin("org.test.forced", probe: true, priority: -5);

        var ranked = await Rank([specific, forced], [new AtrOverride(new AtrPattern(Card.Bytes.Span), "org.test.forced")]);

        var only = Assert.Single(ranked);
        Assert.Equal("org.test.forced", only.Plugin.Id);
        Assert.True(only.SkipProbe);
    }

    [Fact]
    public async Task Plugins_whose_Match_says_no_are_not_candidates_and_every_Match_is_asked_at_once()
    {
        var other = Plugin("org.test.other", "3B 00", priority: 0);
        var held = Plugin("org.test.held", probe: true, priority: 0);
        var answer = new TaskCompletionSource<bool>();
        var asked = new List<string>();

        var ranking = PluginRanking.RankAsync(Card, PluginRanking.Candidates(Card, [held, other], []), p =>
        {
            asked.Add(p.Id);
            return p == held ? answer.Task : Task.FromResult(p.Instance.Match(Card));
        });

        // Both were asked before the held answer came: one slow Match does not delay asking the others.
        Assert.Equal(["org.test.held", "org.test.other"], asked);
        Assert.False(ranking.IsCompleted);
        answer.SetResult(false);
        Assert.Empty(await ranking);
    }

    [Fact]
    public void Without_calling_Match_a_plugin_declares_an_ATR_its_patterns_match_the_wildcard_or_no_pattern_at_all()
    {
        var exact = Plugin("org.test.exact", Hex.Format(Card.Bytes.Span));
        var wildcard = Plugin("org.test.wildcard", "*", priority: int.MinValue);
        var probeOnly = Plugin("org.test.probe-only", probe: true, priority: 3);
        var other = Plugin("org.test.other", "3B 00", priority: 100);

        Assert.Equal([true, true, true, false], new[] { exact, wildcard, probeOnly, other }.Select(p => PluginRanking.Declares(p, Card)));
        Assert.Equal(["org.test.exact", "org.test.other", "org.test.probe-only", "org.test.wildcard"],
            PluginRanking.ByManifest(Card, [wildcard, other, probeOnly, exact]).Select(p => p.Id));
    }

    /// <summary>Ranking as the identification run does it, with each plugin's Match asked directly.</summary>
    private static Task<IReadOnlyList<PluginCandidate>> Rank(IEnumerable<LoadedPlugin> plugins, IReadOnlyList<AtrOverride> overrides) =>
        PluginRanking.RankAsync(Card, PluginRanking.Candidates(Card, plugins, overrides), p => Task.FromResult(p.Instance.Match(Card)));

    private static LoadedPlugin Plugin(string id, string? atr = null, bool probe = false, int priority = 0) =>
        new(id, id + ".dll", new FakePlugin(new PluginManifest
        {
            Id = id,
            Name = id,
            Version = "1.0.0",
            SdkVersion = SdkInfo.Version,
            CardType = id,
            AtrPatterns = atr is null ? [] : [AtrPattern.Parse(atr)],
            ProbeAids = probe ? [Aid.Parse("A0000000")] : [],
            Priority = priority,
        }), null, null);

    private sealed class FakePlugin(PluginManifest manifest) : CardPluginBase(manifest)
    {
        public override Task<ICardSession> OpenSessionAsync(ICardChannel channel, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
