using SmartCardFleet.Integration.Tests.Support;
using SmartCardFleet.Pcsc;
using SmartCardFleet.VirtualCards.Cards.FileSystem;

namespace SmartCardFleet.Integration.Tests.RealFleet.Cards;

/// <summary>Insertion and removal of a virtual card as GetStatusChange reports them through our binding.</summary>
[Collection(RealFleetCollection.Name)]
public sealed class CardPresenceTests(RealFleetFixture fixture)
{
    [Fact]
    public async Task An_inserted_card_is_seen_with_its_atr_and_an_advanced_counter_and_its_removal_too()
    {
        var fleet = fixture.Require();
        var reader = fleet.Layout.Reader(0);
        using var context = PcscContext.Establish(fixture.Api);
        var before = ReaderWatch.Snapshot(context, reader.ReaderName);
        Assert.True(before.EventFlags.HasFlag(ReaderStateFlags.Empty), before.ToString());

        var card = DefaultPersonalisation.Create();
        await using var inserted = await FleetCard.InsertAsync(fixture.Api, reader, card);

        var present = ReaderWatch.UntilPresent(context, reader.ReaderName, FleetCard.StateTimeout);
        Assert.Equal(card.Atr, present.Atr);
        Assert.True(present.EventCounter > before.EventCounter, $"{before} -> {present}");

        await inserted.RemoveAsync();
        var empty = ReaderWatch.UntilEmpty(context, reader.ReaderName, FleetCard.StateTimeout);
        Assert.Empty(empty.Atr);
        Assert.True(empty.EventCounter > present.EventCounter, $"{present} -> {empty}");
    }

    [Fact]
    public async Task A_blocking_wait_on_the_other_readers_wakes_only_for_the_reader_that_got_a_card()
    {
        var fleet = fixture.Require();
        using var context = PcscContext.Establish(fixture.Api);
        var states = fleet.Layout.Readers.Select(r => new ReaderStateEntry(r.ReaderName)).ToList();
        context.GetStatusChange(TimeSpan.Zero, states);
        states.ForEach(s => s.Acknowledge());

        await using var inserted = await FleetCard.InsertAsync(fixture.Api, fleet.Layout.Reader(9), DefaultPersonalisation.Create());

        Assert.Equal(StatusChangeResult.Changed, context.GetStatusChange(FleetCard.StateTimeout, states));
        var changed = states.Where(s => s.EventFlags.HasFlag(ReaderStateFlags.Changed)).Select(s => s.ReaderName);
        Assert.Equal([fleet.Layout.Reader(9).ReaderName], changed);
    }
}
