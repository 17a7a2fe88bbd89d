using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using SmartCardFleet.Core.Configuration;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Messaging;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using SmartCardFleet.VirtualCards.Simulation;
using Xunit.Abstractions;

namespace SmartCardFleet.Core.Tests.Messaging;

/// <summary>With <c>akka.actor.serialize-messages = on</c> Akka serializes and deserializes every message it delivers to
/// an actor, as if it crossed a process boundary. Real reader round trips over the simulated PC/SC, with a probe as
/// sender so the replies are delivered to an actor too, prove the station's messages survive the fleet serializer.</summary>
public sealed class SerializeMessagesSpecs(ITestOutputHelper output) : TestKit(
    ConfigurationFactory.ParseString("akka.actor.serialize-messages = on")
        .WithFallback(FleetSerialization.Config)
        .WithFallback(CoreConfig.Dispatchers), output: output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly byte[] Uid = [0x0A, 0x0B, 0x0C, 0x0D];
    private static readonly byte[] GetUid = [0xFF, 0xCA, 0x00, 0x00, 0x00];

    [Fact]
    public void Messages_delivered_to_an_actor_are_copies_made_by_the_fleet_serializer()
    {
        var echo = Sys.ActorOf(Props.Create(() => new Echo()));
        var sent = new Transmit(GetUid, TransactionId.New());

        echo.Tell(sent, TestActor);
        var received = ExpectMsg<Transmit>(Wait);

        Assert.IsType<FleetJsonSerializer>(Sys.Serialization.FindSerializerFor(sent));
        Assert.NotSame(sent, received);
        StructuralAssert.Equal(sent, received);
    }

    [Fact]
    public void A_reader_serves_attach_transmit_status_and_a_batch_when_every_message_is_serialized()
    {
        var pcsc = new SimulatedPcsc();
        var manager = Sys.ActorOf(ReaderManager.Props(pcsc, new StationSettings()), "station");
        var events = CreateTestProbe();
        Sys.EventStream.Subscribe(events.Ref, typeof(CardAttached));
        pcsc.AddReader("Serialized Reader 00 00").Insert(new StorageCard(Uid));
        var id = ReaderId.FromReaderName("Serialized Reader 00 00");
        events.FishForMessage<CardAttached>(e => e.ReaderId == id, Wait);

        var detached = Ask<Detached>(manager, id, new Detach());
        var attached = Ask<Attached>(manager, id, new Attach());
        var transmitted = Ask<Transmitted>(manager, id, new Transmit(GetUid));
        var status = Ask<ReaderSnapshot>(manager, id, GetStatus.Instance);
        var batch = Ask<BatchTransmitted>(manager, id, new TransmitBatch([GetUid, GetUid], Atomic: true));

        Assert.Equal(id, detached.ReaderId);
        Assert.NotEqual(detached.Session, attached.Session);
        Assert.Equal(Uid, transmitted.Data);
        Assert.Equal((ReaderState.Attached, attached.Session), (status.State, status.Session));
        Assert.Null(batch.Failure);
        Assert.All(batch.Responses, r => Assert.Equal(Uid, r.Data));
    }

    [Fact]
    public void A_local_only_message_is_delivered_in_process_untouched()
    {
        var echo = Sys.ActorOf(Props.Create(() => new Echo()));
        var sent = new AttachByHandle(12345);

        echo.Tell(sent, TestActor);

        // The serializer would refuse it (WireSerializationSpecs); in process it is not even copied.
        Assert.Same(sent, ExpectMsg<AttachByHandle>(Wait));
    }

    private T Ask<T>(IActorRef manager, ReaderId id, object message)
    {
        manager.Tell(new ToReader(id, message), TestActor);
        return ExpectMsg<T>(Wait);
    }

    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(message => Sender.Tell(message));
    }
}
