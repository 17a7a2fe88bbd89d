using Akka.Actor;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Tests.Support;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using Xunit.Abstractions;

namespace SmartCardFleet.Core.Tests.Fleet;

public sealed class SupervisionSpecs(ITestOutputHelper output) : FleetSpec(output)
{
    private static readonly byte[] UidA = [0x0A, 0x0A, 0x0A, 0x0A];
    private static readonly byte[] UidB = [0x0B, 0x0B, 0x0B, 0x0B];

    [Fact]
    public void When_a_reader_actor_crashes_it_answers_the_request_restarts_with_backoff_and_the_other_reader_is_undisturbed()
    {
        var crashing = new FaultInjectingPcsc(Pcsc);
        var manager = StartManager(api: crashing);
        var a = AddReaderWithCard("Reader A 00 00", new StorageCard(UidA));
        var b = AddReaderWithCard("Reader B 00 01", new StorageCard(UidB));
        var sessionB = Ask<ReaderSnapshot>(manager, new ToReader(b, GetStatus.Instance)).Session;

        crashing.CrashNextTransmits("Reader A 00 00", 1);
        var failure = AskFailure(manager, new ToReader(a, new Transmit(GetUid)));

        Assert.Equal(ReaderFailureReason.ReaderGone, failure.Reason);
        Assert.Equal(UidB, Ask<Transmitted>(manager, new ToReader(b, new Transmit(GetUid))).Data);
        // The restarted actor released the crashed handle (PostStop) and re-attached on its own (start-up probe).
        ExpectEvent<CardDetached>(e => e.ReaderId == a);
        ExpectEvent<CardAttached>(e => e.ReaderId == a);
        Assert.Equal(UidA, Ask<Transmitted>(manager, new ToReader(a, new Transmit(GetUid))).Data);
        Assert.Equal(2, Pcsc.OpenCardHandleCount);
        Assert.Equal(sessionB, Ask<ReaderSnapshot>(manager, new ToReader(b, GetStatus.Instance)).Session);
    }

    [Fact]
    public void A_long_command_on_one_reader_does_not_delay_another_reader()
    {
        var manager = StartManager();
        var slowCard = new StorageCard(UidA);
        var slow = AddReaderWithCard("Reader A 00 00", slowCard);
        var fast = AddReaderWithCard("Reader B 00 01", new StorageCard(UidB));
        slowCard.Faults.Latency = TimeSpan.FromSeconds(5);
        var slowClient = CreateTestProbe();
        var fastClient = CreateTestProbe();

        manager.Tell(new ToReader(slow, new Transmit(GetUid)), slowClient.Ref);
        manager.Tell(new ToReader(fast, new Transmit(GetUid)), fastClient.Ref);

        Assert.Equal(UidB, fastClient.ExpectMsg<Transmitted>(Wait).Data);
        Assert.False(slowClient.HasMessages, "the slow reader answered before the fast one: they are not independent");
        Assert.Equal(UidA, slowClient.ExpectMsg<Transmitted>(Wait).Data);
    }
}
