using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Tests.Support;
using Xunit.Abstractions;

namespace SmartCardFleet.Core.Tests.Fleet;

/// <summary>A client's SetAutoAttach choice is the reader's, not the actor instance's: it survives the actor being
/// re-created after a crash and after the PC/SC service came back.</summary>
public sealed class AutoAttachChoiceSpecs(ITestOutputHelper output) : FleetSpec(output)
{
    [Fact]
    public void When_a_reader_actor_crashes_and_restarts_auto_attach_stays_off()
    {
        var crashing = new FaultInjectingPcsc(Pcsc);
        var manager = StartManager(api: crashing);
        var a = AddReaderWithCard("Reader A 00 00");
        Assert.False(Ask<AutoAttachChanged>(manager, new ToReader(a, new SetAutoAttach(false))).Enabled);

        crashing.CrashNextTransmits("Reader A 00 00", 1);
        Assert.Equal(ReaderFailureReason.ReaderGone, AskFailure(manager, new ToReader(a, new Transmit(GetUid))).Reason);
        ExpectEvent<CardDetached>(e => e.ReaderId == a);

        // The restarted actor sees the card in its start-up probe but, keeping the choice, does not attach it. While the
        // supervisor is between two children a status request is answered ReaderGone: ask again until the new actor answers.
        AwaitAssert(() =>
        {
            var asker = CreateTestProbe();
            manager.Tell(new ToReader(a, GetStatus.Instance), asker.Ref);
            var snapshot = Assert.IsType<ReaderSnapshot>(asker.ExpectMsg<object>(TimeSpan.FromSeconds(1)));
            Assert.Equal((ReaderState.CardPresent, false), (snapshot.State, snapshot.AutoAttach));
        }, Wait, TimeSpan.FromMilliseconds(50));
        Assert.Equal(0, Pcsc.OpenCardHandleCount);
    }

    [Fact]
    public void When_the_service_stops_and_starts_auto_attach_stays_off_for_that_reader_only()
    {
        var manager = StartManager();
        var a = AddReaderWithCard("Reader A 00 00");
        var b = AddReaderWithCard("Reader B 00 01");
        Ask<AutoAttachChanged>(manager, new ToReader(a, new SetAutoAttach(false)));
        // Detached, so recovery has no attachment of A to restore: only auto-attach could attach it again.
        Ask<Detached>(manager, new ToReader(a, new Detach()));

        Pcsc.StopService();
        ExpectEvent<ServiceLost>();
        Pcsc.StartService();
        ExpectEvent<ServiceRestored>();
        ExpectEvent<CardAttached>(e => e.ReaderId == b);

        var snapshotA = Ask<ReaderSnapshot>(manager, new ToReader(a, GetStatus.Instance));
        Assert.Equal((ReaderState.CardPresent, false), (snapshotA.State, snapshotA.AutoAttach));
        var snapshotB = Ask<ReaderSnapshot>(manager, new ToReader(b, GetStatus.Instance));
        Assert.Equal((ReaderState.Attached, true), (snapshotB.State, snapshotB.AutoAttach));
    }
}
