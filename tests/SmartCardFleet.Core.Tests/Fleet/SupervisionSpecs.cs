using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Tests.Support;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using Xunit.Abstractions;

namespace SmartCardFleet.Core.Tests.Fleet;

/// <summary>A reader that crashes restarts in place after its own backoff (moved by the TestScheduler) without
/// disturbing other readers, keeps its client's auto-attach choice, and a slow card on one reader does not slow another.</summary>
public sealed class SupervisionSpecs(ITestOutputHelper output) : FleetSpec(output, config: TestSchedulerConfig)
{
    private const string ReaderA = "Reader A 00 00";
    private static readonly byte[] UidA = [0x0A, 0x0A, 0x0A, 0x0A];
    private static readonly byte[] UidB = [0x0B, 0x0B, 0x0B, 0x0B];

    [Fact]
    public void When_a_reader_actor_crashes_it_answers_the_request_restarts_with_backoff_and_the_other_reader_is_undisturbed()
    {
        var crashing = new FaultInjectingPcsc(Pcsc);
        var manager = StartManager(api: crashing);
        var a = AddReaderWithCard(ReaderA, new StorageCard(UidA));
        var b = AddReaderWithCard("Reader B 00 01", new StorageCard(UidB));
        var sessionB = Ask<ReaderSnapshot>(manager, new ToReader(b, GetStatus.Instance)).Session;

        crashing.CrashNextTransmits(ReaderA, 1);
        var failure = AskFailure(manager, new ToReader(a, new Transmit(GetUid)));

        Assert.Equal(ReaderFailureReason.ReaderGone, failure.Reason);
        Assert.Equal(UidB, Ask<Transmitted>(manager, new ToReader(b, new Transmit(GetUid))).Data);
        // The failed instance released the crashed handle; the new one re-attaches on its own once its backoff is over.
        ExpectEvent<CardDetached>(e => e.ReaderId == a);
        Assert.Equal(1, Pcsc.OpenCardHandleCount);
        AdvanceUntilStatus(manager, new ToReader(a, GetStatus.Instance));
        ExpectEvent<CardAttached>(e => e.ReaderId == a);
        Assert.Equal(UidA, Ask<Transmitted>(manager, new ToReader(a, new Transmit(GetUid))).Data);
        Assert.Equal(2, Pcsc.OpenCardHandleCount);
        Assert.Equal(sessionB, Ask<ReaderSnapshot>(manager, new ToReader(b, GetStatus.Instance)).Session);
    }

    [Fact]
    public void When_a_reader_actor_crashes_and_restarts_auto_attach_stays_off()
    {
        var crashing = new FaultInjectingPcsc(Pcsc);
        var manager = StartManager(api: crashing);
        var a = AddReaderWithCard(ReaderA);
        Assert.False(Ask<AutoAttachChanged>(manager, new ToReader(a, new SetAutoAttach(false))).Enabled);

        crashing.CrashNextTransmits(ReaderA, 1);
        Assert.Equal(ReaderFailureReason.ReaderGone, AskFailure(manager, new ToReader(a, new Transmit(GetUid))).Reason);
        ExpectEvent<CardDetached>(e => e.ReaderId == a);

        // The restarted actor sees the card in its start-up probe but, keeping the choice, does not attach it.
        var snapshot = AdvanceUntilStatus(manager, new ToReader(a, GetStatus.Instance));
        Assert.Equal((ReaderState.CardPresent, false), (snapshot.State, snapshot.AutoAttach));
        Assert.Equal(0, Pcsc.OpenCardHandleCount);
    }

    [Fact]
    public void When_a_lock_call_throws_on_the_lock_wait_thread_its_caller_is_answered_and_the_reader_restarts()
    {
        var crashing = new FaultInjectingPcsc(Pcsc);
        var manager = StartManager(api: crashing);
        var a = AddReaderWithCard(ReaderA, new StorageCard(UidA));
        crashing.CrashNextBeginTransaction(ReaderA);

        var failure = AskFailure(manager, new ToReader(a, new BeginTransaction(TimeSpan.FromSeconds(5), "kiosk")));

        Assert.Equal(ReaderFailureReason.ReaderGone, failure.Reason);
        Assert.Contains("SCardBeginTransaction", failure.Message, StringComparison.Ordinal);
        ExpectEvent<CardDetached>(e => e.ReaderId == a);
        Assert.Equal(0, Pcsc.OpenCardHandleCount);
        AdvanceUntilStatus(manager, new ToReader(a, GetStatus.Instance));
        ExpectEvent<CardAttached>(e => e.ReaderId == a);
        Assert.Equal(UidA, Ask<Transmitted>(manager, new ToReader(a, new Transmit(GetUid))).Data);
    }

    [Fact]
    public void A_long_command_on_one_reader_does_not_delay_another_reader()
    {
        var manager = StartManager();
        var slowCard = new GatedCard();
        Pcsc.AddReader(ReaderA).Insert(slowCard);
        var slow = ReaderId.FromReaderName(ReaderA);
        ExpectEvent<CardAttached>(e => e.ReaderId == slow);
        var fast = AddReaderWithCard("Reader B 00 01", new StorageCard(UidB));
        var slowClient = CreateTestProbe();

        manager.Tell(new ToReader(slow, new Transmit(GetUid)), slowClient.Ref);
        AwaitCondition(() => Pcsc.ExchangesInFlight == 1, Wait);

        // The slow card holds its reader's thread until the gate opens; the other reader answers meanwhile.
        Assert.Equal(UidB, Ask<Transmitted>(manager, new ToReader(fast, new Transmit(GetUid))).Data);
        Assert.False(slowClient.HasMessages, "the slow reader answered before its card did");
        slowCard.Open();
        Assert.Equal(0x9000, slowClient.ExpectMsg<Transmitted>(Wait).StatusWord);
    }
}
