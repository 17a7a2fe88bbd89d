using SmartCardFleet.Integration.Tests.Support;
using SmartCardFleet.Pcsc;
using SmartCardFleet.VirtualCards.Cards.FileSystem;

namespace SmartCardFleet.Integration.Tests.RealFleet.Cards;

/// <summary>Two contexts on one card: the reset and sharing rules of docs/pcsc-notes.md §5 on the real daemon.</summary>
[Collection(RealFleetCollection.Name)]
public sealed class SharingAndResetTests(RealFleetFixture fixture)
{
    private static readonly byte[] SelectMasterFile = [0x00, 0xA4, 0x00, 0x0C, 0x02, 0x3F, 0x00];

    [Fact]
    public async Task When_another_context_resets_the_card_the_first_handle_gets_ResetCard_and_Reconnect_Leave_recovers()
    {
        var fleet = fixture.Require();
        await using var inserted = await FleetCard.InsertAsync(fixture.Api, fleet.Layout.Reader(6), DefaultPersonalisation.Create());
        using var first = PcscContext.Establish(fixture.Api);
        using var second = PcscContext.Establish(fixture.Api);
        using var victim = first.Connect(inserted.ReaderName);
        Assert.Equal(0x9000, Apdu.StatusWord(victim.Transmit(SelectMasterFile)));

        using (var resetter = second.Connect(inserted.ReaderName))
        {
            resetter.Reconnect(CardDisposition.Reset);
        }

        var ex = Assert.Throws<PcscException>(() => victim.Transmit(SelectMasterFile));
        Assert.Equal(PcscError.ResetCard, ex.Error);
        Assert.Equal(PcscErrorClass.CardReset, ex.Class);

        victim.Reconnect(CardDisposition.Leave);
        Assert.Equal(0x9000, Apdu.StatusWord(victim.Transmit(SelectMasterFile)));
    }

    [Fact]
    public async Task An_exclusive_connection_makes_another_context_get_a_sharing_violation()
    {
        var fleet = fixture.Require();
        await using var inserted = await FleetCard.InsertAsync(fixture.Api, fleet.Layout.Reader(7), DefaultPersonalisation.Create());
        using var owner = PcscContext.Establish(fixture.Api);
        using var other = PcscContext.Establish(fixture.Api);
        using var exclusive = owner.Connect(inserted.ReaderName, ShareMode.Exclusive);

        var ex = Assert.Throws<PcscException>(() => other.Connect(inserted.ReaderName));

        Assert.Equal(PcscError.SharingViolation, ex.Error);
        Assert.Equal(PcscErrorClass.Sharing, ex.Class);
        exclusive.Dispose();
        using var shared = other.Connect(inserted.ReaderName);
        Assert.Equal(0x9000, Apdu.StatusWord(shared.Transmit(SelectMasterFile)));
    }
}
