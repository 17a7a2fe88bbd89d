using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Tests.Support;
using SmartCardFleet.Pcsc;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using Xunit.Abstractions;

namespace SmartCardFleet.Core.Tests.Readers;

/// <summary>Issue 10, defect 11: a card pulled before pcscd's presence poll noticed it makes every command fail with
/// NOT_TRANSACTED while the service still reports the card present. The reader must find out the card is gone itself
/// (docs/reader-actors.md, "A command that could not complete").</summary>
public sealed class UnnoticedPullSpecs(ITestOutputHelper output) : FleetSpec(output)
{
    private const string Name = "Reader A 00 00";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_card_pulled_before_the_service_noticed_fails_CardGone_and_the_reader_is_NoCard_at_once(bool inTransaction)
    {
        var manager = StartManager();
        var id = AddReaderWithCard(Name, new StorageCard());
        var transaction = inTransaction
            ? Ask<TransactionBegun>(manager, new ToReader(id, new BeginTransaction(TimeSpan.FromSeconds(5), "client A"))).Transaction
            : (TransactionId?)null;

        Pcsc.GetReader(Name).PullUnnoticed();
        var failure = AskFailure(manager, new ToReader(id, new Transmit(GetUid, transaction)));

        Assert.Equal(ReaderFailureReason.CardGone, failure.Reason);
        Assert.DoesNotContain("lock", failure.Message, StringComparison.OrdinalIgnoreCase);
        // Asked right after the answer, without waiting for the monitor: the actor already knows.
        var snapshot = Ask<ReaderSnapshot>(manager, new ToReader(id, GetStatus.Instance));
        Assert.Equal(ReaderState.NoCard, snapshot.State);
        Assert.Null(snapshot.Atr);
        Assert.Equal(0, Pcsc.OpenCardHandleCount);
        Assert.Equal(ReaderFailureReason.NoCard, AskFailure(manager, new ToReader(id, new Transmit(GetUid))).Reason);
    }

    [Fact]
    public void A_command_that_could_not_complete_on_a_card_still_present_resets_the_card_and_speaks_of_no_lock()
    {
        var faults = new FaultInjectingPcsc(Pcsc);
        var manager = StartManager(api: faults);
        var id = AddReaderWithCard(Name, new StorageCard());
        var session = Ask<ReaderSnapshot>(manager, new ToReader(id, GetStatus.Instance)).Session;

        faults.FailTransmits(Name, PcscError.NotTransacted);
        var failure = AskFailure(manager, new ToReader(id, new Transmit(GetUid)));

        Assert.Equal(ReaderFailureReason.PcscError, failure.Reason);
        Assert.DoesNotContain("lock", failure.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("reset", failure.Message, StringComparison.Ordinal);
        var reset = ExpectEvent<CardReset>(e => e.ReaderId == id);
        Assert.Equal((session, PcscError.NotTransacted, CardResetReason.Recovery), (reset.Session, reset.Cause, reset.Reason));
        Assert.Equal(ReaderState.Attached, Ask<ReaderSnapshot>(manager, new ToReader(id, GetStatus.Instance)).State);
    }
}
