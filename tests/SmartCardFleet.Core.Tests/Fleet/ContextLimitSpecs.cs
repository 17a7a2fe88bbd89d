using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Tests.Support;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using SmartCardFleet.VirtualCards.Simulation;
using Xunit.Abstractions;

namespace SmartCardFleet.Core.Tests.Fleet;

/// <summary>pcscd caps contexts (200); past the cap SCardEstablishContext answers NO_MEMORY.</summary>
public sealed class ContextLimitSpecs(ITestOutputHelper output)
    : FleetSpec(output, new SimulatedPcscOptions { MaxContexts = 2 })
{
    [Fact]
    public void A_reader_that_cannot_get_a_context_retries_with_backoff_then_is_given_up_while_the_other_works()
    {
        // Two contexts: the monitor's and one reader's. The second reader can never establish its own.
        var manager = StartManager();
        Pcsc.AddReader("Reader A 00 00").Insert(new StorageCard());
        Pcsc.AddReader("Reader B 00 01").Insert(new StorageCard());

        var events = ExpectEvents(typeof(ReaderFaulted), typeof(CardAttached));
        var faulted = (ReaderFaulted)events[typeof(ReaderFaulted)];
        var working = events[typeof(CardAttached)].ReaderId!.Value;

        Assert.NotEqual(working, faulted.ReaderId);
        Assert.Equal(0x9000, Ask<Transmitted>(manager, new ToReader(working, new Transmit(GetUid))).StatusWord);
        Assert.Contains("given up", faulted.Message, StringComparison.Ordinal);
        var givenUp = AskFailure(manager, new ToReader(faulted.ReaderId!.Value, new Transmit(GetUid)));
        Assert.Equal(ReaderFailureReason.ReaderGone, givenUp.Reason);
        Assert.Contains("given up", givenUp.Message, StringComparison.Ordinal);
    }
}
