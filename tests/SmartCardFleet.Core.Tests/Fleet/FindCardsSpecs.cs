using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Tests.Support;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using SmartCardFleet.VirtualCards.Cards.Nfc;
using Xunit.Abstractions;

namespace SmartCardFleet.Core.Tests.Fleet;

public sealed class FindCardsSpecs(ITestOutputHelper output) : FleetSpec(output)
{
    [Fact]
    public void FindCards_answers_every_reader_holding_a_matching_card_in_reader_name_order()
    {
        var manager = StartManager();
        var storage = new StorageCard();
        Pcsc.AddReader("Reader C 00 02").Insert(new StorageCard());
        Pcsc.AddReader("Reader B 00 01").Insert(new NfcType4Tag());
        Pcsc.AddReader("Reader A 00 00").Insert(storage);
        for (var i = 0; i < 3; i++)
        {
            ExpectEvent<CardInserted>();
        }

        var found = Ask<CardsFound>(manager, new FindCards(new AtrPattern(storage.Atr)));

        Assert.Equal(["Reader A 00 00", "Reader C 00 02"], found.Cards.Select(c => c.ReaderName));
        Assert.All(found.Cards, c => Assert.Equal(storage.Atr, c.Atr));
        Assert.Equal(new ReaderId("reader-a-00-00"), Ask<CardFound>(manager, new FindCard(new AtrPattern(storage.Atr))).ReaderId);
    }

    [Fact]
    public void FindCards_answers_an_empty_list_when_nothing_matches_and_InvalidRequest_without_a_pattern()
    {
        var manager = StartManager();
        AddReaderWithCard("Reader A 00 00");

        Assert.Empty(Ask<CardsFound>(manager, new FindCards(AtrPattern.Parse("3B 00", "FF FF"))).Cards);
        Assert.Equal(ReaderFailureReason.InvalidRequest, AskFailure(manager, new FindCards(null!)).Reason);
        Assert.Equal(ReaderFailureReason.InvalidRequest, AskFailure(manager, new FindCard(null!)).Reason);
    }
}
