using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Plugins.Hosting;
using SmartCardFleet.Core.Plugins.Loading;
using SmartCardFleet.Core.Plugins.Sessions;
using SmartCardFleet.Core.Tests.Plugins.Support;

namespace SmartCardFleet.Core.Tests.Plugins.Hosting;

/// <summary>Which plugin a card uses, decided without an actor.</summary>
public sealed class CardPluginBookSpecs() : CardPluginBookSpec(new PluginHostSettings { QuarantineAfterFailures = 2 })
{
    [Fact]
    public void An_ATR_only_decision_is_remembered_for_the_next_card_with_that_ATR()
    {
        var plugin = Activate("org.test.a");
        var first = Card();

        var identify = Book.Identify(first);
        Assert.False(identify.FromCache);
        Assert.True(first.Identifying);
        var step = Book.Identified(first, Report(first, plugin, cacheable: true), Now);

        Assert.Equal(plugin, first.Plugin);
        Assert.Equal("org.test.a", Assert.IsType<CardIdentified>(step.Event).PluginId);
        var again = Book.Identify(Card());
        Assert.True(again.FromCache);
        Assert.Equal(new PluginCandidate(plugin, SkipProbe: true), Assert.Single(again.Candidates));
    }

    [Fact]
    public void A_cached_plugin_that_is_quarantined_is_not_reused_and_the_card_is_ranked_again()
    {
        var plugin = Activate("org.test.a");
        var card = Card();
        Book.Identify(card);
        Book.Identified(card, Report(card, plugin, cacheable: true), Now);
        Registry.RecordFailure(plugin.Id, 1);

        Assert.False(Book.Identify(Card()).FromCache);
    }

    [Fact]
    public void A_probed_winner_is_not_remembered_the_next_card_with_that_ATR_is_ranked_and_probed_again()
    {
        var plugin = Activate("org.test.a");
        var card = Card();
        Book.Identify(card);
        Book.Identified(card, Report(card, plugin, cacheable: false), Now);

        var again = Book.Identify(Card());

        Assert.False(again.FromCache);
        Assert.Equal(new PluginCandidate(plugin, SkipProbe: false), Assert.Single(again.Candidates));
    }

    [Fact]
    public void A_refusal_is_never_remembered()
    {
        var card = Card();
        Book.Identify(card);
        Assert.IsType<CardUnidentified>(Book.Identified(card, Report(card, null, cacheable: false), Now).Event);
        Assert.False(Book.Identify(Card()).FromCache);

        Book.Identified(card, Report(card, null, cacheable: true), Now);
        Assert.False(Book.Identify(Card()).FromCache);
    }

    [Fact]
    public void When_a_reload_replaced_the_winner_during_the_probes_the_card_gets_the_new_version()
    {
        var old = Activate("org.test.a");
        var card = Card();
        Book.Identify(card);
        var replacement = Activate("org.test.a");

        var step = Book.Identified(card, Report(card, old), Now);

        Assert.Same(replacement, step.Swap!.Plugin);
        Assert.Same(replacement, card.Plugin);
        Assert.IsType<CardIdentified>(step.Event);
    }

    [Fact]
    public void When_the_winner_was_removed_during_the_probes_the_card_is_identified_again_and_nothing_is_published()
    {
        var old = Activate("org.test.a");
        var card = Card();
        Book.Identify(card);
        Registry.Remove(old.Folder);

        var step = Book.Identified(card, Report(card, old), Now);

        Assert.True(step.Identify);
        Assert.Null(step.Event);
        Assert.Null(card.Plugin);
    }

    [Fact]
    public void After_a_reload_a_card_moves_to_the_new_version_loses_a_removed_plugin_or_is_identified_again()
    {
        var old = Activate("org.test.a");
        var moved = IdentifiedBy(old);
        var nobody = Card();
        Book.Identify(nobody);
        Book.Identified(nobody, Report(nobody, null), Now);
        var busy = Card();
        Book.Identify(busy);
        var replacement = Activate("org.test.a");

        Assert.Same(replacement, Book.Refreshed(moved)!.Swap!.Plugin);
        Assert.Null(Book.Refreshed(moved));
        Assert.True(Book.Refreshed(nobody)!.Identify);
        Assert.Null(Book.Refreshed(busy));
        Registry.Remove(replacement.Folder);
        var lost = Book.Refreshed(moved)!;
        Assert.Null(lost.Swap);
        Assert.True(lost.Identify);
    }

    [Fact]
    public void Faults_in_a_row_quarantine_the_plugin_once_a_success_resets_the_count_and_operations_are_then_refused()
    {
        var plugin = Activate("org.test.a");
        var card = IdentifiedBy(plugin);

        Assert.Null(Book.OperationEnded(new OperationOutcomeReport(card.ReaderId, plugin, true, "one"), Now));
        Assert.Null(Book.OperationEnded(new OperationOutcomeReport(card.ReaderId, plugin, false, null), Now));
        Assert.Null(Book.OperationEnded(new OperationOutcomeReport(card.ReaderId, plugin, true, "two"), Now));
        Assert.Null(Book.Quarantined(card));
        var quarantined = Book.OperationEnded(new OperationOutcomeReport(card.ReaderId, plugin, true, "three"), Now);

        Assert.Equal((2, "three"), (quarantined!.ConsecutiveFailures, quarantined.LastFailure));
        Assert.Equal(OperationFailureReason.Quarantined, Book.Quarantined(card)!.Reason);
        Assert.Null(Book.OperationEnded(new OperationOutcomeReport(card.ReaderId, plugin, true, "four"), Now));
    }

    private LoadedPlugin Activate(string id) => Activate(CardWorkFakes.Plugin(id));
}
