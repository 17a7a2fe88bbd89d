using Akka.Actor;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Tests.Support;
using SmartCardFleet.Pcsc;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using Xunit.Abstractions;

namespace SmartCardFleet.Core.Tests.Fleet;

/// <summary>The blocking-call watchdog: another process holds the card's transaction, the reader actor waits inside
/// SCardBeginTransaction / SCardConnect (pcsc-lite: no timeout), and the manager answers for it.
/// The threshold is crossed by moving a <see cref="ManualClock"/>, never by waiting.</summary>
public sealed class ForeignLockSpecs(ITestOutputHelper output) : FleetSpec(output)
{
    private const string ReaderName = "Reader A 00 00";
    private static readonly byte[] Uid = [0x01, 0x02, 0x03, 0x04];

    private readonly ManualClock _clock = new();

    [Fact]
    public void When_another_process_holds_the_transaction_the_manager_answers_for_the_blocked_reader_which_then_serves_its_queue_in_order()
    {
        var manager = StartStation();
        var card = new StorageCard(Uid);
        var id = AddReaderWithCard(ReaderName, card);
        var foreign = HoldForeignTransaction();
        var holder = CreateTestProbe();
        manager.Tell(new ToReader(id, new BeginTransaction(TimeSpan.FromSeconds(5), "kiosk")), holder.Ref);
        AwaitCondition(() => Pcsc.BlockedTransactionWaits == 1, Wait);

        var queued = CreateTestProbe();
        manager.Tell(new ToReader(id, new Transmit(GetUid)), queued.Ref);
        manager.Tell(new ToReader(id, new Transmit(ReadBlock(0))), queued.Ref);
        manager.Tell(new ToReader(id, new Transmit(ReadBlock(3))), queued.Ref);
        WaitUntilManagerHandledEarlierMessages(manager);
        _clock.Advance(PastThreshold);

        var status = Ask<ReaderSnapshot>(manager, new ToReader(id, GetStatus.Instance));
        Assert.Equal(ReaderState.BlockedByForeignTransaction, status.State);
        Assert.Equal(new ReaderBusy("SCardBeginTransaction", status.Busy!.Since, PastThreshold, ForeignLock: true), status.Busy);
        var refused = AskFailure(manager, new ToReader(id, new Transmit(GetUid)));
        Assert.Equal(ReaderFailureReason.ForeignTransaction, refused.Reason);
        Assert.Equal($"reader '{id}' is blocked in SCardBeginTransaction for 3.0 s: another process holds the card's transaction; retry later",
            refused.Message);
        Assert.Equal(ReaderState.BlockedByForeignTransaction, Ask<ReaderList>(manager, ListReaders.Instance).Readers.Single().State);
        Assert.Equal("SCardBeginTransaction", ExpectEvent<ReaderBlocked>(e => e.ReaderId == id).Operation);
        holder.ExpectNoMsg(TimeSpan.Zero);
        queued.ExpectNoMsg(TimeSpan.Zero);

        Assert.Equal(PcscError.Success, Pcsc.EndTransaction(foreign, CardDisposition.Leave));

        var transaction = holder.ExpectMsg<TransactionBegun>(Wait).Transaction;
        Assert.Equal("SCardBeginTransaction", ExpectEvent<ReaderUnblocked>(e => e.ReaderId == id).Operation);
        // The queued requests carry no transaction id, so they wait behind ours and run in arrival order after it.
        Ask<TransactionEnded>(manager, new ToReader(id, new EndTransaction(transaction)));
        Assert.Equal(Uid, queued.ExpectMsg<Transmitted>(Wait).Data);
        Assert.Equal(card.ReadBlock(0), queued.ExpectMsg<Transmitted>(Wait).Data);
        Assert.Equal(card.ReadBlock(3), queued.ExpectMsg<Transmitted>(Wait).Data);
        var after = Ask<ReaderSnapshot>(manager, new ToReader(id, GetStatus.Instance));
        Assert.Equal((ReaderState.Attached, (ReaderBusy?)null), (after.State, after.Busy));
    }

    [Fact]
    public void When_the_reader_is_locked_before_the_card_is_attached_the_blocked_connect_is_reported_and_attaches_after_release()
    {
        Pcsc.AddReader(ReaderName).Insert(new StorageCard(Uid));
        var foreign = HoldForeignTransaction();
        var manager = StartStation();
        var id = ReaderId.FromReaderName(ReaderName);
        // The new reader actor auto-attaches in PreStart: its SCardConnect waits for the foreign lock.
        AwaitCondition(() => Pcsc.BlockedTransactionWaits == 1, Wait);
        _clock.Advance(PastThreshold);

        var status = Ask<ReaderSnapshot>(manager, new ToReader(id, GetStatus.Instance));
        Assert.Equal(ReaderState.BlockedByForeignTransaction, status.State);
        Assert.Equal("SCardConnect", status.Busy!.Operation);
        var refused = AskFailure(manager, new ToReader(id, new Attach()));
        Assert.Equal(ReaderFailureReason.ForeignTransaction, refused.Reason);
        Assert.Contains("blocked in SCardConnect", refused.Message, StringComparison.Ordinal);
        // A settings change is taken at once (the choice lives outside the actor) instead of being refused.
        Assert.False(Ask<AutoAttachChanged>(manager, new ToReader(id, new SetAutoAttach(false))).Enabled);
        Assert.Equal("SCardConnect", ExpectEvent<ReaderBlocked>(e => e.ReaderId == id).Operation);

        Assert.Equal(PcscError.Success, Pcsc.EndTransaction(foreign, CardDisposition.Leave));

        ExpectEvents(typeof(CardAttached), typeof(ReaderUnblocked));
        Assert.Equal(Uid, Ask<Transmitted>(manager, new ToReader(id, new Transmit(GetUid))).Data);
        var after = Ask<ReaderSnapshot>(manager, new ToReader(id, GetStatus.Instance));
        Assert.Equal((ReaderState.Attached, false), (after.State, after.AutoAttach));
    }

    [Fact]
    public void A_slow_card_is_not_a_foreign_lock_status_is_answered_and_requests_wait_for_the_card()
    {
        var manager = StartStation();
        var card = new GatedCard();
        Pcsc.AddReader(ReaderName).Insert(card);
        var id = ReaderId.FromReaderName(ReaderName);
        ExpectEvent<CardAttached>(e => e.ReaderId == id);
        var slow = CreateTestProbe();
        manager.Tell(new ToReader(id, new Transmit(GetUid)), slow.Ref);
        AwaitCondition(() => Pcsc.ExchangesInFlight == 1, Wait);
        _clock.Advance(PastThreshold);

        var status = Ask<ReaderSnapshot>(manager, new ToReader(id, GetStatus.Instance));
        Assert.Equal(ReaderState.Attached, status.State);
        Assert.Equal(("SCardTransmit", false), (status.Busy!.Operation, status.Busy.ForeignLock));
        var waiting = CreateTestProbe();
        manager.Tell(new ToReader(id, new Transmit(GetUid)), waiting.Ref);
        waiting.ExpectNoMsg(TimeSpan.Zero);

        card.Open();

        Assert.Equal(0x9000, slow.ExpectMsg<Transmitted>(Wait).StatusWord);
        Assert.Equal(0x9000, waiting.ExpectMsg<Transmitted>(Wait).StatusWord);
        WaitUntilManagerHandledEarlierMessages(manager);
        Assert.DoesNotContain(DrainEvents(), e => e is ReaderBlocked or ReaderUnblocked);
    }

    private IActorRef StartStation() => StartManager(clock: _clock);

    private nint HoldForeignTransaction() => ForeignProcess.HoldTransaction(Pcsc, ReaderName);

    /// <summary>The manager answers a request for an unknown reader itself, so once that answer is here every message
    /// sent to it before has been handled (forwarded, or events published).</summary>
    private void WaitUntilManagerHandledEarlierMessages(IActorRef manager) =>
        Assert.Equal(ReaderFailureReason.UnknownReader, AskFailure(manager, new ToReader(new ReaderId("barrier"), GetStatus.Instance)).Reason);

    private List<object> DrainEvents()
    {
        var events = new List<object>();
        while (Events.HasMessages)
        {
            events.Add(Events.ReceiveOne(TimeSpan.Zero)!);
        }

        return events;
    }
}
