using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Plugins.Hosting;
using SmartCardFleet.Core.Plugins.Loading;
using SmartCardFleet.Core.Tests.Plugins.Support;

namespace SmartCardFleet.Core.Tests.Plugins.Hosting;

/// <summary>What loading a plugin means for the cards already attached: who is identified again, who only moves to a
/// new version, and what is published.</summary>
public sealed class CardPluginBookReloadSpecs() : CardPluginBookSpec(new PluginHostSettings())
{
    private static AtrPattern Exact => new(AtrBytes);

    private static AtrPattern FirstByte => AtrPattern.Parse("3B 00 00 00/FF 00 00 00");

    [Fact]
    public async Task A_card_held_by_the_fallback_is_identified_again_when_a_plugin_matching_its_ATR_loads_and_the_new_plugin_is_tried_first()
    {
        var fallback = Activate(CardWorkFakes.Ranked("org.test.fallback", AtrPattern.Any, int.MinValue));
        var card = IdentifiedBy(fallback);

        var specific = Activate(CardWorkFakes.Ranked("org.test.specific", Exact));
        var step = Book.Refreshed(card)!;

        Assert.True(step.Identify);
        Assert.Null(step.Swap);
        // The card actor ranks the candidates with each plugin's Match (off the host actor).
        var ranked = await PluginRanking.RankAsync(card.ParsedAtr, Book.Identify(card).Candidates, p => Task.FromResult(p.Instance.Match(card.ParsedAtr)));
        Assert.Equal([specific, fallback], ranked.Select(c => c.Plugin));
        var identified = Assert.IsType<CardIdentified>(Book.Identified(card, Report(card, specific), Now).Event);
        Assert.Equal("org.test.specific", identified.PluginId);
    }

    [Fact]
    public void Whether_a_new_plugin_may_take_a_card_is_read_from_its_manifest_no_Match_runs_on_the_host_actor()
    {
        var fallback = Activate(CardWorkFakes.Ranked("org.test.fallback", AtrPattern.Any, int.MinValue));
        var card = IdentifiedBy(fallback);
        var asked = 0;

        // Its patterns name other ATRs: left alone, whatever its Match would say.
        Activate(CardWorkFakes.Ranked("org.test.other-atr", AtrPattern.Parse("3B 99"), match: () => ++asked > 0));
        var otherAtr = Book.Refreshed(card);
        // No patterns ("the probe decides"): may take any card, so the card goes to identification, where Match runs.
        Activate(CardWorkFakes.Ranked("org.test.probe-decides", pattern: null, match: () => ++asked > 0));
        var probeDecides = Book.Refreshed(card);

        Assert.Null(otherAtr);
        Assert.True(probeDecides!.Identify);
        Assert.Equal(0, asked);
    }

    [Fact]
    public void A_card_held_by_a_less_specific_plugin_moves_when_a_more_specific_one_loads_but_not_the_other_way_round()
    {
        var loose = Activate(CardWorkFakes.Ranked("org.test.loose", FirstByte, priority: 50));
        var looseCard = IdentifiedBy(loose);
        var exact = Activate(CardWorkFakes.Ranked("org.test.exact", Exact));
        var exactCard = IdentifiedBy(exact);

        Assert.True(Book.Refreshed(looseCard)!.Identify);
        Activate(CardWorkFakes.Ranked("org.test.looser", FirstByte, priority: 10));
        Assert.Null(Book.Refreshed(exactCard));
    }

    [Fact]
    public void Plugins_that_ranked_above_the_holder_when_the_card_was_identified_had_their_probe_and_do_not_bring_it_back()
    {
        var refusing = Activate(CardWorkFakes.Ranked("org.test.refusing", Exact));
        var fallback = Activate(CardWorkFakes.Ranked("org.test.fallback", AtrPattern.Any, int.MinValue));
        var card = IdentifiedBy(fallback);

        Activate(CardWorkFakes.Ranked("org.test.elsewhere", AtrPattern.Parse("3B 99")));

        Assert.Null(Book.Refreshed(card));
        Activate(CardWorkFakes.Ranked(refusing.Id, Exact));
        Assert.True(Book.Refreshed(card)!.Identify);
    }

    [Fact]
    public void A_new_version_of_the_holder_is_swapped_in_without_probes_unless_a_new_plugin_now_outranks_it()
    {
        var fallback = Activate(CardWorkFakes.Ranked("org.test.fallback", AtrPattern.Any, int.MinValue));
        var card = IdentifiedBy(fallback);

        var fallbackV2 = Activate(CardWorkFakes.Ranked(fallback.Id, AtrPattern.Any, int.MinValue));
        var swapped = Book.Refreshed(card)!;
        Activate(CardWorkFakes.Ranked("org.test.specific", Exact));
        Activate(CardWorkFakes.Ranked(fallback.Id, AtrPattern.Any, int.MinValue));

        Assert.Same(fallbackV2, swapped.Swap!.Plugin);
        Assert.False(swapped.Identify);
        Assert.True(Book.Refreshed(card)!.Identify);
    }

    [Fact]
    public void A_card_whose_plugin_no_longer_matches_its_ATR_after_a_reload_is_identified_again()
    {
        var plugin = Activate(CardWorkFakes.Ranked("org.test.a", Exact));
        var card = IdentifiedBy(plugin);

        Activate(CardWorkFakes.Ranked(plugin.Id, AtrPattern.Parse("3B 99")));

        Assert.True(Book.Refreshed(card)!.Identify);
    }

    [Fact]
    public void A_card_whose_plugin_is_quarantined_keeps_it_until_the_quarantine_is_cleared()
    {
        var plugin = Activate(CardWorkFakes.Ranked("org.test.loose", FirstByte));
        var card = IdentifiedBy(plugin);
        Registry.RecordFailure(plugin.Id, 1);

        Activate(CardWorkFakes.Ranked("org.test.exact", Exact));

        Assert.Null(Book.Refreshed(card));
    }

    [Fact]
    public void A_plugin_loaded_during_the_probes_is_tried_when_the_report_arrives_and_the_interim_winner_is_not_published()
    {
        var fallback = Activate(CardWorkFakes.Ranked("org.test.fallback", AtrPattern.Any, int.MinValue));
        var card = Card();
        Book.Identify(card);
        Activate(CardWorkFakes.Ranked("org.test.specific", Exact));

        Assert.Null(Book.Refreshed(card));
        var step = Book.Identified(card, Report(card, fallback), Now);
        Book.Identify(card);
        Activate(CardWorkFakes.Ranked("org.test.other", AtrPattern.Parse("3B 99")));
        Book.Refreshed(card);
        var refused = Book.Identified(card, Report(card, null), Now);

        Assert.True(step.Identify);
        Assert.Null(step.Event);
        Assert.True(refused.Identify);
        Assert.Null(refused.Event);
    }

    [Fact]
    public void A_card_nobody_took_is_identified_again_after_any_load_but_only_a_change_is_published()
    {
        var card = Card();
        Book.Identify(card);
        Assert.IsType<CardUnidentified>(Book.Identified(card, Report(card, null), Now).Event);

        Activate(CardWorkFakes.Ranked("org.test.elsewhere", AtrPattern.Parse("3B 99")));
        Assert.True(Book.Refreshed(card)!.Identify);
        Book.Identify(card);

        Assert.Null(Book.Identified(card, Report(card, null), Now).Event);
    }

    [Fact]
    public void Identified_again_after_a_load_publishes_CardIdentified_again_whether_the_same_plugin_or_another_wins()
    {
        var fallback = Activate(CardWorkFakes.Ranked("org.test.fallback", AtrPattern.Any, int.MinValue));
        var card = IdentifiedBy(fallback);
        var specific = Activate(CardWorkFakes.Ranked("org.test.specific", Exact));

        Book.Identify(card);
        Assert.Equal("org.test.fallback", Assert.IsType<CardIdentified>(Book.Identified(card, Report(card, fallback), Now).Event).PluginId);
        Book.Identify(card);
        Assert.Equal("org.test.specific", Assert.IsType<CardIdentified>(Book.Identified(card, Report(card, specific), Now).Event).PluginId);
    }

    [Fact]
    public void An_ATR_only_decision_is_forgotten_when_any_plugin_loads_reloads_or_unloads()
    {
        var forced = Activate(CardWorkFakes.Ranked("org.test.forced", Exact));
        Remember(forced);
        Activate(CardWorkFakes.Ranked("org.test.other", AtrPattern.Parse("3B 99")));
        Assert.False(Book.Identify(Card()).FromCache);

        Remember(forced);
        Activate(CardWorkFakes.Ranked(forced.Id, Exact));
        Assert.False(Book.Identify(Card()).FromCache);

        Remember(Registry.Find(forced.Id)!);
        Registry.Remove("org.test.other");
        Assert.False(Book.Identify(Card()).FromCache);
    }

    private void Remember(LoadedPlugin plugin)
    {
        var card = Card();
        Book.Identify(card);
        Book.Identified(card, Report(card, plugin, cacheable: true), Now);
        Assert.True(Book.Identify(Card()).FromCache);
    }
}
