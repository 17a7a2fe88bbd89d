using Akka.Actor;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Tests.Support;
using SmartCardFleet.Pcsc;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using Xunit.Abstractions;

namespace SmartCardFleet.Core.Tests.Fleet;

/// <summary>Another process holds the card's transaction; the reader's SCardBeginTransaction / SCardConnect waits on
/// its lock-wait thread (pcsc-lite: no timeout) while the actor keeps answering. The threshold is crossed by advancing
/// Akka's TestScheduler, never by waiting.</summary>
public sealed class ForeignLockSpecs(ITestOutputHelper output) : FleetSpec(output, config: TestSchedulerConfig)
{
    private const string ReaderName = "Reader A 00 00";
    private static readonly byte[] Uid = [0x01, 0x02, 0x03, 0x04];

    [Fact]
    public void While_the_reader_waits_for_a_foreign_lock_it_answers_itself_and_then_serves_its_queue_in_order()
    {
        var manager = StartManager();
        var card = new StorageCard(Uid);
        var id = AddReaderWithCard(ReaderName, card);
        var reader = AwaitRoute(manager, id);
        var foreign = ForeignProcess.HoldTransaction(Pcsc, ReaderName);
        var holder = CreateTestProbe();
        reader.Tell(new BeginTransaction(TimeSpan.FromSeconds(5), "kiosk"), holder.Ref);
        AwaitCondition(() => Pcsc.BlockedTransactionWaits == 1, Wait);

        // Below the threshold: status is answered at once, requests queue.
        var waiting = Ask<ReaderSnapshot>(reader, GetStatus.Instance);
        Assert.Equal((ReaderState.Attached, "SCardBeginTransaction"), (waiting.State, waiting.Busy!.Operation));
        var queued = CreateTestProbe();
        reader.Tell(new Transmit(GetUid), queued.Ref);
        reader.Tell(new Transmit(ReadBlock(0)), queued.Ref);
        reader.Tell(new Transmit(ReadBlock(3)), queued.Ref);
        Ask<ReaderSnapshot>(reader, GetStatus.Instance);
        Scheduler.Advance(PastThreshold);

        var blocked = ExpectEvent<ReaderBlocked>(e => e.ReaderId == id);
        Assert.Equal("SCardBeginTransaction", blocked.Operation);
        var status = Ask<ReaderSnapshot>(reader, GetStatus.Instance);
        Assert.Equal(ReaderState.BlockedByForeignTransaction, status.State);
        Assert.Equal(new ReaderBusy("SCardBeginTransaction", blocked.Since, PastThreshold, ForeignLock: true), status.Busy);
        var refused = AskFailure(manager, new ToReader(id, new Transmit(GetUid)));
        Assert.Equal(ReaderFailureReason.ForeignTransaction, refused.Reason);
        Assert.Equal($"reader '{id}' is blocked in SCardBeginTransaction for 3.0 s: another process holds the card's transaction; retry later",
            refused.Message);
        Assert.Equal(ReaderState.BlockedByForeignTransaction, Ask<ReaderList>(manager, ListReaders.Instance).Readers.Single().State);
        holder.ExpectNoMsg(TimeSpan.Zero);
        queued.ExpectNoMsg(TimeSpan.Zero);

        Assert.Equal(PcscError.Success, Pcsc.EndTransaction(foreign, CardDisposition.Leave));

        var transaction = holder.ExpectMsg<TransactionBegun>(Wait).Transaction;
        var unblocked = ExpectEvent<ReaderUnblocked>(e => e.ReaderId == id);
        Assert.Equal(("SCardBeginTransaction", PastThreshold), (unblocked.Operation, unblocked.BlockedFor));
        // The queued requests carry no transaction id, so they wait behind ours and run in arrival order after it.
        Ask<TransactionEnded>(reader, new EndTransaction(transaction));
        Assert.Equal(Uid, queued.ExpectMsg<Transmitted>(Wait).Data);
        Assert.Equal(card.ReadBlock(0), queued.ExpectMsg<Transmitted>(Wait).Data);
        Assert.Equal(card.ReadBlock(3), queued.ExpectMsg<Transmitted>(Wait).Data);
        var after = Ask<ReaderSnapshot>(reader, GetStatus.Instance);
        Assert.Equal((ReaderState.Attached, (ReaderBusy?)null), (after.State, after.Busy));
    }

    [Fact]
    public void When_the_reader_is_locked_before_the_card_is_attached_the_blocked_connect_is_reported_and_attaches_after_release()
    {
        Pcsc.AddReader(ReaderName).Insert(new StorageCard(Uid));
        var foreign = ForeignProcess.HoldTransaction(Pcsc, ReaderName);
        var manager = StartManager();
        var id = ReaderId.FromReaderName(ReaderName);
        // The new reader auto-attaches when it starts: its SCardConnect waits for the foreign lock.
        AwaitCondition(() => Pcsc.BlockedTransactionWaits == 1, Wait);
        var reader = AwaitRoute(manager, id);
        Scheduler.Advance(PastThreshold);
        Assert.Equal("SCardConnect", ExpectEvent<ReaderBlocked>(e => e.ReaderId == id).Operation);

        var status = Ask<ReaderSnapshot>(reader, GetStatus.Instance);
        Assert.Equal((ReaderState.BlockedByForeignTransaction, "SCardConnect"), (status.State, status.Busy!.Operation));
        var refused = AskFailure(reader, new Attach());
        Assert.Equal(ReaderFailureReason.ForeignTransaction, refused.Reason);
        Assert.Contains("blocked in SCardConnect", refused.Message, StringComparison.Ordinal);
        // A settings change is taken at once instead of being refused.
        Assert.False(Ask<AutoAttachChanged>(reader, new SetAutoAttach(false)).Enabled);

        Assert.Equal(PcscError.Success, Pcsc.EndTransaction(foreign, CardDisposition.Leave));

        ExpectEvents(typeof(CardAttached), typeof(ReaderUnblocked));
        Assert.Equal(Uid, Ask<Transmitted>(reader, new Transmit(GetUid)).Data);
        var after = Ask<ReaderSnapshot>(reader, GetStatus.Instance);
        Assert.Equal((ReaderState.Attached, false), (after.State, after.AutoAttach));
    }

    [Fact]
    public void A_lock_call_that_returns_before_the_threshold_publishes_nothing_and_answers_in_order()
    {
        var manager = StartManager();
        var id = AddReaderWithCard(ReaderName, new StorageCard(Uid));
        var reader = AwaitRoute(manager, id);
        var foreign = ForeignProcess.HoldTransaction(Pcsc, ReaderName);
        var holder = CreateTestProbe();
        reader.Tell(new BeginTransaction(TimeSpan.FromSeconds(5), "kiosk"), holder.Ref);
        AwaitCondition(() => Pcsc.BlockedTransactionWaits == 1, Wait);
        reader.Tell(new Transmit(GetUid), holder.Ref);

        Assert.Equal(PcscError.Success, Pcsc.EndTransaction(foreign, CardDisposition.Leave));
        var transaction = holder.ExpectMsg<TransactionBegun>(Wait).Transaction;
        reader.Tell(new EndTransaction(transaction), holder.Ref);
        holder.ExpectMsg<TransactionEnded>(Wait);
        Assert.Equal(Uid, holder.ExpectMsg<Transmitted>(Wait).Data);
        // The threshold passing now finds no call: its timer was cancelled, nothing is reported.
        Scheduler.Advance(PastThreshold);
        Ask<ReaderSnapshot>(reader, GetStatus.Instance);
        Assert.DoesNotContain(DrainEvents(), e => e is ReaderBlocked or ReaderUnblocked);
    }

    [Fact]
    public void When_the_wait_queue_of_a_pending_lock_call_is_full_further_requests_are_refused()
    {
        var settings = FastSettings with { Reader = FastSettings.Reader with { StashCapacity = 1 } };
        var manager = StartManager(settings);
        var id = AddReaderWithCard(ReaderName, new StorageCard(Uid));
        var reader = AwaitRoute(manager, id);
        var foreign = ForeignProcess.HoldTransaction(Pcsc, ReaderName);
        var holder = CreateTestProbe();
        reader.Tell(new BeginTransaction(TimeSpan.FromSeconds(5)), holder.Ref);
        AwaitCondition(() => Pcsc.BlockedTransactionWaits == 1, Wait);
        var queued = CreateTestProbe();
        reader.Tell(new Transmit(GetUid), queued.Ref);

        var refused = AskFailure(reader, new Transmit(GetUid));

        Assert.Equal(ReaderFailureReason.BusyInTransaction, refused.Reason);
        Assert.Contains("waits in SCardBeginTransaction", refused.Message, StringComparison.Ordinal);
        Pcsc.EndTransaction(foreign, CardDisposition.Leave);
        var transaction = holder.ExpectMsg<TransactionBegun>(Wait).Transaction;
        Ask<TransactionEnded>(reader, new EndTransaction(transaction));
        Assert.Equal(Uid, queued.ExpectMsg<Transmitted>(Wait).Data);
    }

    [Fact]
    public void A_reader_unplugged_while_its_connect_waits_answers_the_waiting_caller_and_the_waiter_releases_the_context()
    {
        Pcsc.AddReader(ReaderName).Insert(new StorageCard(Uid));
        var manager = StartManager(FastSettings with { Reader = FastSettings.Reader with { AutoAttach = false } });
        var id = ReaderId.FromReaderName(ReaderName);
        var reader = AwaitRoute(manager, id);
        AwaitAssert(() => Assert.Equal(ReaderState.CardPresent, Ask<ReaderSnapshot>(reader, GetStatus.Instance).State), Wait);
        var foreign = ForeignProcess.HoldTransaction(Pcsc, ReaderName);
        var caller = CreateTestProbe();
        reader.Tell(new Attach(), caller.Ref);
        AwaitCondition(() => Pcsc.BlockedTransactionWaits == 1, Wait);
        var contextsBefore = Pcsc.OpenContextCount;

        Pcsc.RemoveReader(ReaderName);

        // The waiting caller hears ReaderGone: from its connect failing (UNKNOWN_READER) or from the retirement, whichever
        // reaches the reader first. StopReader is in the reader's mailbox before ReaderRemoved is published.
        Assert.Equal(ReaderFailureReason.ReaderGone, caller.ExpectMsg<ReaderFailure>(Wait).Reason);
        ExpectEvent<ReaderRemoved>(e => e.ReaderId == id);
        Assert.Equal(ReaderFailureReason.ReaderGone, AskFailure(reader, GetStatus.Instance).Reason);
        // The unplug ended the wait; the waiter's thread released the reader's context after the call returned.
        AwaitAssert(() => Assert.Equal(contextsBefore - 1, Pcsc.OpenContextCount), Wait);
        GC.KeepAlive(foreign);
    }

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
