using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Tests.Support;
using Xunit.Abstractions;

namespace SmartCardFleet.Core.Tests.Fleet;

/// <summary>A client's SetAutoAttach choice is the reader's, not the actor instance's: it survives the manager
/// re-creating the reader after the PC/SC service came back (after a crash: SupervisionSpecs).</summary>
public sealed class AutoAttachChoiceSpecs(ITestOutputHelper output) : FleetSpec(output)
{
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
