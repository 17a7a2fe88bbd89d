using SmartCardFleet.Integration.Tests.Support;
using SmartCardFleet.Pcsc;
using SmartCardFleet.VirtualCards.Cards.Scripted;

namespace SmartCardFleet.Integration.Tests.RealFleet.Cards;

/// <summary>A card script (docs/card-scripts.md) played in a vpcd slot answers real SCardTransmit calls through pcscd.</summary>
[Collection(RealFleetCollection.Name)]
public sealed class ScriptedCardFleetTests(RealFleetFixture fixture)
{
    private const string BadgeScript = """
        {
          "atr": "3B 80 80 01 01",
          "counters": { "badge-number": 1234, "reads": 0 },
          "rules": [
            { "when": "00 A4 04 00 09 F0 43 4F 4E 54 4F 53 4F 01 *", "select": "badge", "respond": "90 00" },
            { "when": "80 CA 00 01 00", "onlyIn": "badge", "increment": "reads", "respond": "{counter:badge-number:4} 90 00" },
            { "when": "80 CA 00 02 00", "onlyIn": "badge", "respond": "{counter:reads:2} 90 00" },
            { "when": "80 CA ?? ?? *", "respond": "69 85" }
          ]
        }
        """;

    private static readonly byte[] SelectBadge = Convert.FromHexString("00A4040009F0434F4E544F534F0100");
    private static readonly byte[] ReadBadge = Convert.FromHexString("80CA000100");
    private static readonly byte[] ReadCount = Convert.FromHexString("80CA000200");

    [Fact]
    public async Task A_scripted_card_gives_pcscd_its_ATR_and_answers_by_its_rules_and_a_reset_clears_its_selection()
    {
        var fleet = fixture.Require();
        var script = ScriptedCard.Parse(BadgeScript);
        await using var inserted = await FleetCard.InsertAsync(fixture.Api, fleet.Layout.Reader(6), script);
        using var context = PcscContext.Establish(fixture.Api);
        using var card = context.Connect(inserted.ReaderName);

        Assert.Equal(Convert.FromHexString("3B80800101"), card.Status().Atr);
        Assert.Equal(0x9000, Apdu.StatusWord(card.Transmit(SelectBadge)));
        Assert.Equal("000004D29000", Convert.ToHexString(card.Transmit(ReadBadge)));
        Assert.Equal("00019000", Convert.ToHexString(card.Transmit(ReadCount)));

        card.Reconnect(CardDisposition.Reset);

        Assert.Equal(0x6985, Apdu.StatusWord(card.Transmit(ReadBadge)));
        Assert.Null(script.SelectedApplication);
        Assert.Equal(1, script.Counter("reads"));
    }
}
