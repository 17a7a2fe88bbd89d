using SmartCardFleet.Integration.Tests.Support;
using SmartCardFleet.Pcsc;
using SmartCardFleet.VirtualCards.Cards.FileSystem;

namespace SmartCardFleet.Integration.Tests.RealFleet.Cards;

/// <summary>A card that stays inserted across a pcscd crash, like a physical card in its reader.</summary>
[Collection(RealFleetCollection.Name)]
public sealed class DaemonRestartWithCardTests(RealFleetFixture fixture)
{
    private static readonly byte[] SelectMasterFile = [0x00, 0xA4, 0x00, 0x0C, 0x02, 0x3F, 0x00];

    [Fact]
    public async Task After_kill_9_the_open_handle_is_service_gone_and_after_restart_a_fresh_context_reaches_the_card_again()
    {
        var fleet = fixture.Require();
        await using var inserted = await FleetCard.InsertAsync(fixture.Api, fleet.Layout.Reader(12),
            DefaultPersonalisation.Create(), keepInserted: true);
        var oldContext = PcscContext.Establish(fixture.Api);
        var oldCard = oldContext.Connect(inserted.ReaderName);
        Assert.Equal(0x9000, Apdu.StatusWord(oldCard.Transmit(SelectMasterFile)));

        fleet.Kill();

        var ex = Assert.Throws<PcscException>(() => oldCard.Transmit(SelectMasterFile));
        Assert.Equal(PcscErrorClass.ServiceGone, ex.Class);

        fleet.Restart();

        // The card reconnects on its own (KeepInserted); the old context and handle stay dead and are released.
        oldCard.Dispose();
        oldContext.Dispose();
        using var context = PcscContext.Establish(fixture.Api);
        ReaderWatch.UntilPresent(context, inserted.ReaderName, FleetCard.StateTimeout);
        using var card = context.Connect(inserted.ReaderName);
        Assert.Equal(0x9000, Apdu.StatusWord(card.Transmit(SelectMasterFile)));
        Assert.True(inserted.Client.ConnectionCount >= 2);
    }
}
