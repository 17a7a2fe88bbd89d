using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Tests.Support;
using SmartCardFleet.Pcsc;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using Xunit.Abstractions;

namespace SmartCardFleet.Core.Tests.Readers;

/// <summary>An empty reader shows no card data: no ATR, protocol, share mode or session of a card that has left.</summary>
public sealed class EmptyReaderSpecs(ITestOutputHelper output) : FleetSpec(output)
{
    private const string ReaderName = "Reader A 00 00";

    [Fact]
    public void After_a_yank_the_snapshot_says_NoCard_and_carries_nothing_of_the_departed_card()
    {
        var manager = StartManager();
        var id = AddReaderWithCard(ReaderName, new StorageCard([1, 2, 3, 4]));
        var attached = Ask<ReaderSnapshot>(manager, new ToReader(id, GetStatus.Instance));
        Assert.NotNull(attached.Atr);
        Assert.NotNull(attached.Session);

        Pcsc.GetReader(ReaderName).Remove();
        ExpectEvent<CardRemoved>(e => e.ReaderId == id);

        AssertEmpty(Ask<ReaderSnapshot>(manager, new ToReader(id, GetStatus.Instance)));
    }

    [Fact]
    public void A_reader_that_never_had_a_card_and_one_whose_card_left_unattached_show_no_card_data()
    {
        var manager = StartManager(FastSettings with { Reader = FastSettings.Reader with { AutoAttach = false } });
        Pcsc.AddReader(ReaderName).Insert(new StorageCard());
        var id = ReaderId.FromReaderName(ReaderName);
        ExpectEvent<CardInserted>(e => e.ReaderId == id);
        AwaitAssert(() => Assert.Equal(ReaderState.CardPresent, Ask<ReaderSnapshot>(manager, new ToReader(id, GetStatus.Instance)).State), Wait);
        Assert.NotNull(Ask<ReaderSnapshot>(manager, new ToReader(id, GetStatus.Instance)).Atr);

        Pcsc.GetReader(ReaderName).Remove();
        ExpectEvent<CardRemoved>(e => e.ReaderId == id);
        AssertEmpty(Ask<ReaderSnapshot>(manager, new ToReader(id, GetStatus.Instance)));

        Pcsc.AddReader("Reader B 00 01");
        var empty = ReaderId.FromReaderName("Reader B 00 01");
        ExpectEvent<ReaderAdded>(e => e.ReaderId == empty);
        AssertEmpty(Ask<ReaderSnapshot>(manager, new ToReader(empty, GetStatus.Instance)));
    }

    [Fact]
    public void A_reader_that_lost_the_service_shows_no_card_data_of_the_card_it_held()
    {
        Pcsc.AddReader(ReaderName).Insert(new StorageCard([1, 2, 3, 4]));
        var manager = CreateTestProbe();
        var reader = Sys.ActorOf(ReaderActor.Props(Pcsc, ReaderId.FromReaderName(ReaderName), ReaderName, FastSettings.Reader,
            PcscScope.System, manager.Ref));
        ExpectEvent<CardAttached>();

        Pcsc.StopService();
        Assert.Equal(ReaderFailureReason.ServiceUnavailable, AskFailure(reader, new Transmit(GetUid)).Reason);

        var snapshot = Ask<ReaderSnapshot>(reader, GetStatus.Instance);
        Assert.Equal(ReaderState.ServiceLost, snapshot.State);
        Assert.Equal((null, null, null, null), (snapshot.Atr, snapshot.Protocol, snapshot.ShareMode, snapshot.Session));
    }

    private static void AssertEmpty(ReaderSnapshot snapshot)
    {
        Assert.Equal(ReaderState.NoCard, snapshot.State);
        Assert.Null(snapshot.Atr);
        Assert.Null(snapshot.Protocol);
        Assert.Null(snapshot.ShareMode);
        Assert.Null(snapshot.Session);
        Assert.Null(snapshot.TransactionHolder);
    }
}
