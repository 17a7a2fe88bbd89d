using Akka.Actor;
using Akka.TestKit.Xunit2;
using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Core.Configuration;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Tests.Fleet.Plain;

/// <summary>The manager's plain classes without a manager actor: reader table, card waiters, service recovery plan.
/// (Actor refs come from TestKit probes; no actor runs.)</summary>
public sealed class ManagerPlainClassTests : TestKit
{
    private static readonly byte[] AtrA = [0x3B, 0x8F, 0x80, 0x01];
    private static readonly byte[] AtrB = [0x3B, 0x00, 0x11];

    [Fact]
    public void The_table_finds_non_mute_matching_cards_in_reader_name_order_and_routes_every_reader()
    {
        var table = new ReaderTable();
        var (a, b, c) = (Entry(table, "B reader"), Entry(table, "A reader"), Entry(table, "C reader"));
        table.CardSeen("B reader", AtrA, mute: false);
        table.CardSeen("A reader", AtrA, mute: false);
        table.CardSeen("C reader", AtrA, mute: true);

        var found = Assert.IsType<CardsFound>(table.Answer(new FindCards(new AtrPattern(AtrA)))).Cards;

        Assert.Equal(["A reader", "B reader"], found.Select(f => f.ReaderName));
        Assert.Equal(b.Id, Assert.IsType<CardFound>(table.Answer(new FindCard(new AtrPattern(AtrA)))).ReaderId);
        Assert.Equal(ReaderFailureReason.NoCard, Assert.IsType<ReaderFailure>(table.Answer(new FindCard(new AtrPattern(AtrB)))).Reason);
        Assert.Equal(ReaderFailureReason.InvalidRequest, Assert.IsType<ReaderFailure>(table.Answer(new FindCards(null!))).Reason);
        Assert.Equal(new[] { a.Actor, b.Actor, c.Actor }.ToHashSet(), table.Routes().Values.ToHashSet());
    }

    [Fact]
    public void Recovery_keeps_attachments_and_auto_attach_choices_but_an_unplug_forgets_them()
    {
        var table = new ReaderTable();
        var a = Entry(table, "A reader");
        var b = Entry(table, "B reader");
        table.SetAttachment(a.Id, ShareMode.Exclusive, CardProtocol.T1);
        table.SetAttachment(b.Id, ShareMode.Shared, CardProtocol.Any);
        table.SetAutoAttachChoice(a.Id, false);

        table.ClearForRecovery();
        Assert.Empty(table.Routes());
        Assert.False(table.AutoAttachChoice(a.Id));
        var againA = Entry(table, "A reader");

        // B did not come back: its attachment is dropped; A's is restored.
        var restore = Assert.Single(table.TakeAttachmentsToRestore());
        Assert.Equal((againA, ShareMode.Exclusive, CardProtocol.T1), (restore.Entry, restore.ShareMode, restore.Protocols));
        Assert.DoesNotContain(table.TakeAttachmentsToRestore(), r => r.Entry.Name == "B reader");

        table.Remove(againA);
        Assert.Null(table.AutoAttachChoice(a.Id));
        Assert.Empty(table.TakeAttachmentsToRestore());
    }

    [Fact]
    public void A_second_reader_whose_name_slugs_the_same_gets_a_disambiguated_id()
    {
        var table = new ReaderTable();
        var first = Entry(table, "Reader A 00 00");

        Assert.NotEqual(first.Id, table.NewId("Reader-A 00 00"));
    }

    [Fact]
    public void Card_waiters_are_taken_by_a_matching_card_but_not_by_a_mute_one_and_expire_once()
    {
        var waiters = new CardWaiters();
        var matching = waiters.Add(new AtrPattern(AtrA), TestActor, TimeSpan.FromSeconds(1));
        var other = waiters.Add(new AtrPattern(AtrB), TestActor, TimeSpan.FromSeconds(1));

        Assert.Empty(waiters.TakeMatching(AtrA, mute: true));
        Assert.Equal(matching, Assert.Single(waiters.TakeMatching(AtrA, mute: false)).Key);
        Assert.Null(waiters.Expire(matching));
        Assert.NotNull(waiters.Expire(other));
        Assert.Null(waiters.Expire(other));
    }

    [Fact]
    public void Service_recovery_retries_only_after_every_reader_stopped_with_growing_delays_and_gives_up_after_MaxRetries()
    {
        var plan = new ServiceRecoveryPlan(new BackoffSettings(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.2, 2));
        var (a, b) = (CreateTestProbe().Ref, CreateTestProbe().Ref);
        plan.Begin([a, b]);

        Assert.Null(plan.NextRetry(0));
        Assert.True(plan.Stopped(a));
        Assert.False(plan.Stopped(a));
        Assert.Null(plan.NextRetry(0));
        Assert.True(plan.Stopped(b));
        Assert.Equal(TimeSpan.FromSeconds(1), plan.NextRetry(0));
        Assert.Null(plan.NextRetry(0));

        Assert.True(plan.TryAttempt());
        Assert.Equal(TimeSpan.FromSeconds(2), plan.NextRetry(0));
        Assert.True(plan.TryAttempt());
        Assert.Equal(TimeSpan.FromSeconds(4), plan.NextRetry(0));
        Assert.False(plan.TryAttempt());
        Assert.Equal(2, plan.Attempts);
    }

    private ReaderEntry Entry(ReaderTable table, string name)
    {
        var entry = new ReaderEntry(table.NewId(name), name, CreateTestProbe().Ref);
        table.Add(entry);
        return entry;
    }
}
