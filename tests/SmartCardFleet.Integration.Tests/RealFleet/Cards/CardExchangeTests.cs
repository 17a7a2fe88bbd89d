using System.Text;
using SmartCardFleet.Integration.Tests.Support;
using SmartCardFleet.Pcsc;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using SmartCardFleet.VirtualCards.Cards.FileSystem;

namespace SmartCardFleet.Integration.Tests.RealFleet.Cards;

/// <summary>APDUs through our binding, pcscd and vpcd to the virtual cards.</summary>
[Collection(RealFleetCollection.Name)]
public sealed class CardExchangeTests(RealFleetFixture fixture)
{
    private static readonly byte[] SelectApplication =
        [0x00, 0xA4, 0x04, 0x00, 0x08, .. DefaultPersonalisation.ApplicationId, 0x00];

    [Theory]
    [InlineData(CardDisposition.Leave)]
    [InlineData(CardDisposition.Reset)]
    [InlineData(CardDisposition.Unpower)]
    public async Task Connect_transmit_and_disconnect_work_with_each_disposition(CardDisposition disposition)
    {
        var fleet = fixture.Require();
        await using var inserted = await FleetCard.InsertAsync(fixture.Api, fleet.Layout.Reader(1), DefaultPersonalisation.Create());
        using var context = PcscContext.Establish(fixture.Api);

        using (var card = context.Connect(inserted.ReaderName))
        {
            Assert.NotEqual(CardProtocol.Undefined, card.ActiveProtocol);
            Assert.Equal(0x9000, Apdu.StatusWord(card.Transmit(SelectApplication)));
            card.DisposeDisposition = disposition;
        }

        using var again = context.Connect(inserted.ReaderName);
        Assert.Equal(0x9000, Apdu.StatusWord(again.Transmit(SelectApplication)));
        Assert.Equal(inserted.Card.Atr, again.Status().Atr);
    }

    [Fact]
    public async Task Select_and_read_binary_return_the_file_content_of_the_iso_card()
    {
        var fleet = fixture.Require();
        await using var inserted = await FleetCard.InsertAsync(fixture.Api, fleet.Layout.Reader(2), DefaultPersonalisation.Create());
        using var context = PcscContext.Establish(fixture.Api);
        using var card = context.Connect(inserted.ReaderName);

        Assert.Equal(0x9000, Apdu.StatusWord(card.Transmit(SelectApplication)));
        Assert.Equal(0x9000, Apdu.StatusWord(card.Transmit([0x00, 0xA4, 0x02, 0x0C, 0x02, 0x50, 0x01])));
        var greeting = DefaultPersonalisation.GreetingText;
        var read = card.Transmit([0x00, 0xB0, 0x00, 0x00, (byte)greeting.Length]);

        Assert.Equal(0x9000, Apdu.StatusWord(read));
        Assert.Equal(greeting, Encoding.ASCII.GetString(Apdu.Data(read)));
    }

    [Fact]
    public async Task Get_data_uid_pseudo_apdu_returns_the_storage_card_uid()
    {
        var fleet = fixture.Require();
        var storage = new StorageCard(uid: [0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66]);
        await using var inserted = await FleetCard.InsertAsync(fixture.Api, fleet.Layout.Reader(3), storage);
        using var context = PcscContext.Establish(fixture.Api);
        using var card = context.Connect(inserted.ReaderName);

        var response = card.Transmit([0xFF, 0xCA, 0x00, 0x00, 0x00]);

        Assert.Equal([0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x90, 0x00], response);
    }

    [Fact]
    public async Task Status_words_61xx_and_6Cxx_come_through_raw()
    {
        var fleet = fixture.Require();
        await using var inserted = await FleetCard.InsertAsync(fixture.Api, fleet.Layout.Reader(4), DefaultPersonalisation.Create());
        using var context = PcscContext.Establish(fixture.Api);
        using var card = context.Connect(inserted.ReaderName);

        // SELECT without Le leaves the FCI waiting behind 61xx; neither pcscd nor vpcd fetches it for us.
        var select = card.Transmit(SelectApplication[..^1]);
        Assert.Equal(0x61, select[^2]);
        var pending = select[^1];
        var fci = card.Transmit([0x00, 0xC0, 0x00, 0x00, pending]);
        Assert.Equal(0x9000, Apdu.StatusWord(fci));
        Assert.Equal(pending == 0 ? 256 : pending, fci.Length - 2);

        // GET CHALLENGE with a wrong Le: the card names the right one in 6Cxx.
        Assert.Equal(0x6C08, Apdu.StatusWord(card.Transmit([0x00, 0x84, 0x00, 0x00, 0x04])));
        Assert.Equal(10, card.Transmit([0x00, 0x84, 0x00, 0x00, 0x08]).Length);
    }
}
