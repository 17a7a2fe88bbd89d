using Akka.Actor;
using Microsoft.Extensions.Logging.Abstractions;
using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Plugins.Hosting;
using SmartCardFleet.Core.Plugins.Loading;
using SmartCardFleet.Core.Plugins.Sessions;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Tests.Plugins.Support;

namespace SmartCardFleet.Core.Tests.Plugins.Hosting;

/// <summary>Which plugin a card uses, decided without an actor.</summary>
public sealed class CardPluginBookSpecs
{
    private static readonly byte[] AtrBytes = [0x3B, 0x02, 0x14, 0x50];
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly PluginRegistry _registry = new();
    private readonly CardPluginBook _book;

    public CardPluginBookSpecs()
    {
        _book = new CardPluginBook(_registry, new PluginHostSettings { QuarantineAfterFailures = 2 }, NullLogger.Instance);
    }

    [Fact]
    public void An_ATR_only_decision_is_remembered_for_the_next_card_with_that_ATR()
    {
        var plugin = Activate("org.test.a");
        var first = Card();

        var identify = _book.Identify(first);
        Assert.False(identify.FromCache);
        Assert.True(first.Identifying);
        var step = _book.Identified(first, Report(first, plugin), Now);

        Assert.Equal(plugin, first.Plugin);
        Assert.Equal("org.test.a", Assert.IsType<CardIdentified>(step.Event).PluginId);
        var again = _book.Identify(Card());
        Assert.True(again.FromCache);
        Assert.Equal(new PluginCandidate(plugin, SkipProbe: true), Assert.Single(again.Candidates));
    }

    [Fact]
    public void A_cached_plugin_that_is_quarantined_is_not_reused_and_the_card_is_ranked_again()
    {
        var plugin = Activate("org.test.a");
        var card = Card();
        _book.Identify(card);
        _book.Identified(card, Report(card, plugin), Now);
        _registry.RecordFailure(plugin.Id, 1);

        Assert.False(_book.Identify(Card()).FromCache);
    }

    [Fact]
    public void A_probed_winner_is_not_remembered_the_next_card_with_that_ATR_is_ranked_and_probed_again()
    {
        var plugin = Activate("org.test.a");
        var card = Card();
        _book.Identify(card);
        _book.Identified(card, Report(card, plugin, cacheable: false), Now);

        var again = _book.Identify(Card());

        Assert.False(again.FromCache);
        Assert.Equal(new PluginCandidate(plugin, SkipProbe: false), Assert.Single(again.Candidates));
    }

    [Fact]
    public void A_refusal_is_never_remembered()
    {
        var card = Card();
        _book.Identify(card);
        Assert.IsType<CardUnidentified>(_book.Identified(card, Report(card, null, cacheable: false), Now).Event);
        Assert.False(_book.Identify(Card()).FromCache);

        _book.Identified(card, Report(card, null, cacheable: true), Now);
        Assert.False(_book.Identify(Card()).FromCache);
    }

    [Fact]
    public void When_a_reload_replaced_the_winner_during_the_probes_the_card_gets_the_new_version()
    {
        var old = Activate("org.test.a");
        var card = Card();
        _book.Identify(card);
        var replacement = Activate("org.test.a");

        var step = _book.Identified(card, Report(card, old), Now);

        Assert.Same(replacement, step.Swap!.Plugin);
        Assert.Same(replacement, card.Plugin);
        Assert.IsType<CardIdentified>(step.Event);
    }

    [Fact]
    public void When_the_winner_was_removed_during_the_probes_the_card_is_told_and_nothing_is_published()
    {
        var old = Activate("org.test.a");
        var card = Card();
        _book.Identify(card);
        _registry.Remove(old.Folder);

        var step = _book.Identified(card, Report(card, old), Now);

        Assert.Null(step.Swap!.Plugin);
        Assert.Null(step.Event);
        Assert.Null(card.Plugin);
    }

    [Fact]
    public void After_a_reload_a_card_moves_to_the_new_version_loses_a_removed_plugin_or_is_identified_again()
    {
        var old = Activate("org.test.a");
        var moved = Identified(old);
        var nobody = Card();
        _book.Identify(nobody);
        _book.Identified(nobody, Report(nobody, null), Now);
        var busy = Card();
        _book.Identify(busy);
        var replacement = Activate("org.test.a");

        Assert.Same(replacement, _book.Refreshed(moved)!.Swap!.Plugin);
        Assert.Null(_book.Refreshed(moved));
        Assert.True(_book.Refreshed(nobody)!.Identify);
        Assert.Null(_book.Refreshed(busy));
        _registry.Remove(replacement.Folder);
        var lost = _book.Refreshed(moved)!;
        Assert.Null(lost.Swap!.Plugin);
        Assert.True(lost.Identify);
    }

    [Fact]
    public void Faults_in_a_row_quarantine_the_plugin_once_a_success_resets_the_count_and_operations_are_then_refused()
    {
        var plugin = Activate("org.test.a");
        var card = Identified(plugin);

        Assert.Null(_book.OperationEnded(new OperationOutcomeReport(card.ReaderId, plugin, true, "one"), Now));
        Assert.Null(_book.OperationEnded(new OperationOutcomeReport(card.ReaderId, plugin, false, null), Now));
        Assert.Null(_book.OperationEnded(new OperationOutcomeReport(card.ReaderId, plugin, true, "two"), Now));
        Assert.Null(_book.Quarantined(card));
        var quarantined = _book.OperationEnded(new OperationOutcomeReport(card.ReaderId, plugin, true, "three"), Now);

        Assert.Equal((2, "three"), (quarantined!.ConsecutiveFailures, quarantined.LastFailure));
        Assert.Equal(OperationFailureReason.Quarantined, _book.Quarantined(card)!.Reason);
        Assert.Null(_book.OperationEnded(new OperationOutcomeReport(card.ReaderId, plugin, true, "four"), Now));
    }

    private LoadedPlugin Activate(string id)
    {
        var plugin = CardWorkFakes.Plugin(id);
        _registry.Activate(plugin);
        return plugin;
    }

    private CardEntry Identified(LoadedPlugin plugin)
    {
        var card = Card();
        _book.Identify(card);
        _book.Identified(card, Report(card, plugin), Now);
        return card;
    }

    private static CardEntry Card() =>
        new(ReaderId.FromReaderName($"Reader {Guid.NewGuid():N}"), new SessionId(Guid.NewGuid()), AtrBytes, Atr.Parse(AtrBytes), ActorRefs.Nobody);

    private static IdentificationReport Report(CardEntry card, LoadedPlugin? plugin, bool cacheable = true) =>
        new(card.ReaderId, card.Session, card.Atr, plugin, false, cacheable, plugin is null ? "no plugin accepted the card" : null);
}
