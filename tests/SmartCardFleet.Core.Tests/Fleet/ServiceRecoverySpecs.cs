using Akka.Actor;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Tests.Support;
using SmartCardFleet.Pcsc;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using Xunit.Abstractions;

namespace SmartCardFleet.Core.Tests.Fleet;

public sealed class ServiceRecoverySpecs(ITestOutputHelper output) : FleetSpec(output)
{
    private static readonly byte[] Uid = [0x01, 0x02, 0x03, 0x04];

    [Fact]
    public void When_the_service_stops_and_starts_ServiceLost_then_ServiceRestored_are_published_and_cards_are_reattached()
    {
        var manager = StartManager(FastSettings with { Reader = FastSettings.Reader with { AutoAttach = false } });
        Pcsc.AddReader("Reader A 00 00").Insert(new StorageCard(Uid));
        Pcsc.AddReader("Reader B 00 01").Insert(new StorageCard());
        var a = new ReaderId("reader-a-00-00");
        ExpectEvent<CardInserted>(e => e.ReaderId == a);
        Ask<Attached>(manager, new ToReader(a, new Attach()));

        Pcsc.StopService();
        ExpectEvent<ServiceLost>();
        AwaitAssert(() => Assert.Equal(0, Pcsc.OpenContextCount), Wait);
        Assert.Equal(ReaderFailureReason.ServiceUnavailable, AskFailure(manager, new ToReader(a, GetStatus.Instance)).Reason);

        Pcsc.StartService();
        var restored = ExpectEvent<ServiceRestored>();
        Assert.True(restored.Attempts >= 1);

        // Auto-attach is off: only the reader that was attached before is attached again.
        ExpectEvent<CardAttached>(e => e.ReaderId == a);
        Assert.Equal(Uid, Ask<Transmitted>(manager, new ToReader(a, new Transmit(GetUid))).Data);
        var b = Ask<ReaderSnapshot>(manager, new ToReader(new ReaderId("reader-b-00-01"), GetStatus.Instance));
        Assert.Equal(ReaderState.CardPresent, b.State);
    }

    [Fact]
    public void A_card_that_comes_back_only_after_the_service_is_attached_again_with_its_old_share_mode()
    {
        // A real card (vpcd, or a reader re-enumerated after a daemon restart) reappears a moment after the service:
        // the manager's re-attach meets an empty reader and must be kept for the card's return.
        var manager = StartManager(FastSettings with { Reader = FastSettings.Reader with { AutoAttach = false } });
        var slot = Pcsc.AddReader("Reader A 00 00");
        slot.Insert(new StorageCard(Uid));
        var a = new ReaderId("reader-a-00-00");
        ExpectEvent<CardInserted>(e => e.ReaderId == a);
        Ask<Attached>(manager, new ToReader(a, new Attach(ShareMode.Exclusive)));

        Pcsc.StopService();
        ExpectEvent<ServiceLost>();
        slot.Remove();
        Pcsc.StartService();
        ExpectEvent<ServiceRestored>();
        AwaitAssert(() => Assert.Equal(ReaderState.NoCard, Ask<ReaderSnapshot>(manager, new ToReader(a, GetStatus.Instance)).State), Wait);

        slot.Insert(new StorageCard(Uid));

        Assert.Equal(ShareMode.Exclusive, ExpectEvent<CardAttached>(e => e.ReaderId == a).ShareMode);
        Assert.Equal(Uid, Ask<Transmitted>(manager, new ToReader(a, new Transmit(GetUid))).Data);
    }

    [Fact]
    public void When_a_reader_sees_the_service_gone_first_the_whole_station_recovers()
    {
        var manager = StartManager();
        var a = AddReaderWithCard("Reader A 00 00", new StorageCard(Uid));

        Pcsc.StopService();
        manager.Tell(new ToReader(a, new Transmit(GetUid)), TestActor);
        var failure = ExpectMsg<ReaderFailure>(Wait);
        Assert.Equal(ReaderFailureReason.ServiceUnavailable, failure.Reason);
        ExpectEvent<ServiceLost>();

        Pcsc.StartService();
        ExpectEvent<ServiceRestored>();
        ExpectEvent<CardAttached>(e => e.ReaderId == a);
        Assert.Equal(Uid, Ask<Transmitted>(manager, new ToReader(a, new Transmit(GetUid))).Data);
    }
}
