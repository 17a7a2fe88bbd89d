using Akka.Actor;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Tests.Support;
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
    public void While_the_service_is_down_context_establishment_backs_off_instead_of_spinning()
    {
        StartManager();
        AddReaderWithCard("Reader A 00 00");

        var restored = CreateTestProbe();
        Sys.EventStream.Subscribe(restored.Ref, typeof(ServiceRestored));

        Pcsc.StopService();
        ExpectEvent<ServiceLost>();
        var before = Pcsc.EstablishContextAttempts;
        // 600 ms with 50 ms doubling to 400 ms allows about five attempts; a busy loop would make thousands.
        restored.ExpectNoMsg(TimeSpan.FromMilliseconds(600));
        var attempts = Pcsc.EstablishContextAttempts - before;

        Assert.True(attempts <= 8, $"{attempts} establish attempts in 600 ms: recovery is spinning");
        // ...and it is still trying, not stuck.
        AwaitCondition(() => Pcsc.EstablishContextAttempts > before, Wait);
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
