using SmartCardFleet.Integration.Tests.Support;
using SmartCardFleet.Pcsc;
using SmartCardFleet.VirtualCards.Cards.FileSystem;

namespace SmartCardFleet.Integration.Tests.RealFleet.Cards;

/// <summary>Card-side faults as our binding reports them.</summary>
[Collection(RealFleetCollection.Name)]
public sealed class CardFaultTests(RealFleetFixture fixture)
{
    private static readonly byte[] SelectMasterFile = [0x00, 0xA4, 0x00, 0x0C, 0x02, 0x3F, 0x00];

    [Fact]
    public async Task A_card_pulled_mid_command_gives_a_card_gone_error_and_the_reader_turns_empty()
    {
        var fleet = fixture.Require();
        await using var inserted = await FleetCard.InsertAsync(fixture.Api, fleet.Layout.Reader(8), DefaultPersonalisation.Create());
        using var context = PcscContext.Establish(fixture.Api);
        using var card = context.Connect(inserted.ReaderName);
        inserted.Card.Faults.RemoveDuringNextCommand();

        var ex = Assert.Throws<PcscException>(() => card.Transmit(SelectMasterFile));

        // NOT_TRANSACTED when vpcd sees a reset connection, COMM_DATA_LOST (our reading of "success, 0 bytes")
        // when it sees a graceful close; REMOVED_CARD if pcscd noticed the removal first.
        Assert.Contains(ex.Error, new[] { PcscError.NotTransacted, PcscError.CommDataLost, PcscError.RemovedCard });
        ReaderWatch.UntilEmpty(context, inserted.ReaderName, FleetCard.StateTimeout);
        // Once the monitor has seen the reader empty, the actor reclassifies the failure with that knowledge.
        Assert.Equal(PcscErrorClass.CardGone, PcscErrorClassifier.Classify(ex.Error, PcscCallKind.CardRemoved));
        var next = Assert.Throws<PcscException>(() => card.Transmit(SelectMasterFile));
        Assert.Equal(PcscErrorClass.CardGone, PcscErrorClassifier.Classify(next.Error, PcscCallKind.CardRemoved));
    }

    [Fact]
    public async Task Latency_on_the_card_delays_the_answer_but_the_answer_arrives()
    {
        var fleet = fixture.Require();
        await using var inserted = await FleetCard.InsertAsync(fixture.Api, fleet.Layout.Reader(10), DefaultPersonalisation.Create());
        using var context = PcscContext.Establish(fixture.Api);
        using var card = context.Connect(inserted.ReaderName);
        inserted.Card.Faults.Latency = TimeSpan.FromMilliseconds(300);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var response = card.Transmit(SelectMasterFile);

        Assert.Equal(0x9000, Apdu.StatusWord(response));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(300), $"answered after {clock.Elapsed}");
    }

    [Fact]
    public async Task A_mute_card_reads_as_an_empty_reader_on_vpcd()
    {
        var fleet = fixture.Require();
        var card = DefaultPersonalisation.Create();
        card.Faults.Mute = true;
        // vpcd decides presence by asking the card for its ATR, so a card without one never turns PRESENT or MUTE:
        // SCARD_W_UNRESPONSIVE_CARD cannot be produced through vpcd (the simulated PC/SC covers it).
        await using var inserted = await FleetCard.InsertUncheckedAsync(fixture.Api, fleet.Layout.Reader(11), card);
        using var context = PcscContext.Establish(fixture.Api);
        var entry = ReaderWatch.Snapshot(context, inserted.ReaderName);
        entry.Acknowledge();

        // pcscd polls vpcd every 0.4 s: three polls without a change.
        Assert.Equal(StatusChangeResult.TimedOut, context.GetStatusChange(TimeSpan.FromSeconds(1.2), [entry]));
        Assert.True(entry.CurrentFlags.HasFlag(ReaderStateFlags.Empty), entry.ToString());
        Assert.True(inserted.Client.IsConnected);
        Assert.Equal(PcscError.NoSmartcard, Assert.Throws<PcscException>(() => context.Connect(inserted.ReaderName)).Error);
    }
}
