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
    public void The_most_specific_matching_mask_wins_over_a_higher_priority()
    {
        var exact = Plugin("org.test.exact", Hex.Format(Card.Bytes.Span), priority: 0);
        var loose = Plugin("org.test.loose", "3B 8F 80 01 80 4F 0C A0 00 00 03 06 00 00 00 00 00 00 00 00/FF FF FF FF FF FF FF FF FF FF FF FF 00 00 00 00 00 00 00 00", priority: 50);

        var ranked = PluginRanking.Rank(Card, [loose, exact], []);

        Assert.Equal(["org.test.exact", "org.test.loose"], ranked.Select(c => c.Plugin.Id));
        Assert.All(ranked, c => Assert.False(c.SkipProbe));
    }

    [Fact]
    public void Equally_specific_plugins_are_ordered_by_priority_then_id()
    {
        var low = Plugin("org.test.a-low", probe: true, priority: 1);
        var highB = Plugin("org.test.b-high", probe: true, priority: 5);
        var highA = Plugin("org.test.a-high", probe: true, priority: 5);

        var ranked = PluginRanking.Rank(Card, [low, highB, highA], []);

        Assert.Equal(["org.test.a-high", "org.test.b-high", "org.test.a-low"], ranked.Select(c => c.Plugin.Id));
    }

    [Fact]
    public void A_wildcard_fallback_with_the_lowest_priority_ranks_last_even_behind_a_plugin_that_gives_no_pattern()
    {
        var fallback = Plugin("org.test.a-fallback", "*", priority: int.MinValue);
        var probeOnly = Plugin("org.test.probe-only", probe: true, priority: -100);
        var exact = Plugin("org.test.exact", Hex.Format(Card.Bytes.Span), priority: 0);

        var ranked = PluginRanking.Rank(Card, [fallback, probeOnly, exact], []);

        Assert.Equal(["org.test.exact", "org.test.probe-only", "org.test.a-fallback"], ranked.Select(c => c.Plugin.Id));
    }

    [Fact]
    public void A_configured_override_forces_its_plugin_without_a_probe()
    {
        var specific = Plugin("org.test.specific", Hex.Format(Card.Bytes.Span), priority: 100);
        var forced = Plugin("org.test.forced", probe: true, priority: -5);

        var ranked = PluginRanking.Rank(Card, [specific, forced], [new AtrOverride(new AtrPattern(Card.Bytes.Span), "org.test.forced")]);

        var only = Assert.Single(ranked);
        Assert.Equal("org.test.forced", only.Plugin.Id);
        Assert.True(only.SkipProbe);
    }

    [Fact]
    public void Plugins_whose_ATR_does_not_match_are_not_candidates_and_a_throwing_Match_is_skipped()
    {
        var other = Plugin("org.test.other", "3B 00", priority: 0);
        var throwing = new LoadedPlugin("Throwing", "Throwing.dll", new ThrowingMatchPlugin(), null, null);
        var errors = new List<string>();

        var ranked = PluginRanking.Rank(Card, [other, throwing], [], (p, _) => errors.Add(p.Id));

        Assert.Empty(ranked);
        Assert.Equal(["org.test.throwing"], errors);
    }

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

    private sealed class ThrowingMatchPlugin() : CardPluginBase(new PluginManifest
    {
        Id = "org.test.throwing",
        Name = "throwing",
        Version = "1.0.0",
        SdkVersion = SdkInfo.Version,
        CardType = "throwing",
        ProbeAids = [Aid.Parse("A0000000")],
    })
    {
        public override bool Match(Atr atr) => throw new InvalidOperationException("broken Match");

        public override Task<ICardSession> OpenSessionAsync(ICardChannel channel, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
