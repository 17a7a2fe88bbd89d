using Akka.Actor;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Tests.Support;
using SmartCardFleet.Pcsc;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using Xunit.Abstractions;

namespace SmartCardFleet.Core.Tests.Readers;

/// <summary>Transactions and their leases. Lease expiry moves only when the spec advances the TestScheduler.</summary>
public sealed class ReaderTransactionSpecs(ITestOutputHelper output) : FleetSpec(output, config: TestSchedulerConfig)
{
    private static readonly byte[] Uid = [0x01, 0x02, 0x03, 0x04];

    [Fact]
    public void Requests_queued_behind_a_transaction_are_served_in_arrival_order_after_it_ends()
    {
        var manager = StartManager();
        var id = AddReaderWithCard("Reader A 00 00", new StorageCard(Uid));
        var transaction = Ask<TransactionBegun>(manager, new ToReader(id, new BeginTransaction(TimeSpan.FromSeconds(5), "holder"))).Transaction;
        var waiter = CreateTestProbe();

        for (var block = 4; block < 8; block++)
        {
            manager.Tell(new ToReader(id, new Transmit(ReadBlock(block))), waiter.Ref);
        }

        Assert.Equal(Uid, Ask<Transmitted>(manager, new ToReader(id, new Transmit(GetUid, transaction))).Data);
        waiter.ExpectNoMsg(TimeSpan.Zero);
        Ask<TransactionEnded>(manager, new ToReader(id, new EndTransaction(transaction)));

        for (var block = 4; block < 8; block++)
        {
            var reply = waiter.ExpectMsg<Transmitted>(Wait);
            Assert.Equal(16, reply.Data.Length);
        }
    }

    [Fact]
    public void Fifty_concurrent_transmits_are_all_answered_and_none_runs_inside_anothers_transaction()
    {
        var manager = StartManager();
        var id = AddReaderWithCard("Reader A 00 00", new StorageCard(Uid));
        var observer = CreateTestProbe();
        manager.Tell(new ToReader(id, new BeginTransaction(TimeSpan.FromSeconds(10), "holder")), observer.Ref);
        var transaction = observer.ExpectMsg<TransactionBegun>(Wait).Transaction;

        Parallel.For(0, 50, i => manager.Tell(new ToReader(id, new Transmit(ReadBlock(4 + (i % 60)))), observer.Ref));
        for (var i = 0; i < 3; i++)
        {
            manager.Tell(new ToReader(id, new Transmit(GetUid, transaction)), observer.Ref);
        }

        manager.Tell(new ToReader(id, new EndTransaction(transaction)), observer.Ref);

        // One sender, one reader actor: replies arrive in the order the actor ran the requests.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(Uid, observer.ExpectMsg<Transmitted>(Wait).Data);
        }

        observer.ExpectMsg<TransactionEnded>(Wait);
        for (var i = 0; i < 50; i++)
        {
            var reply = observer.ExpectMsg<Transmitted>(Wait);
            Assert.Equal(16, reply.Data.Length);
            Assert.Equal(0x9000, reply.StatusWord);
        }
    }

    [Fact]
    public void When_the_holder_vanishes_the_lease_expires_the_card_is_reset_and_waiting_requests_run()
    {
        var manager = StartManager();
        var id = AddReaderWithCard("Reader A 00 00", new StorageCard(Uid));
        var transaction = Ask<TransactionBegun>(manager, new ToReader(id, new BeginTransaction(TimeSpan.FromSeconds(5), "vanishing client"))).Transaction;
        Ask<Transmitted>(manager, new ToReader(id, new Transmit(GetUid, transaction)));
        var waiter = CreateTestProbe();
        manager.Tell(new ToReader(id, new Transmit(GetUid)), waiter.Ref);
        Scheduler.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Equal(ReaderState.InTransaction, Ask<ReaderSnapshot>(manager, new ToReader(id, GetStatus.Instance)).State);
        waiter.ExpectNoMsg(TimeSpan.Zero);

        Scheduler.Advance(TimeSpan.FromSeconds(0.1));

        var expired = ExpectEvent<TransactionExpired>(e => e.ReaderId == id);
        Assert.Equal(transaction, expired.Transaction);
        Assert.Equal("vanishing client", expired.Holder);
        Assert.Equal(CardDisposition.Reset, expired.Disposition);
        Assert.Equal(Uid, waiter.ExpectMsg<Transmitted>(Wait).Data);

        var late = AskFailure(manager, new ToReader(id, new Transmit(GetUid, transaction)));
        Assert.Equal(ReaderFailureReason.TransactionEnded, late.Reason);
    }

    [Fact]
    public void When_a_lease_expires_without_work_the_card_is_left_as_is()
    {
        var manager = StartManager();
        var id = AddReaderWithCard("Reader A 00 00");
        Ask<TransactionBegun>(manager, new ToReader(id, new BeginTransaction(TimeSpan.FromSeconds(2))));

        Scheduler.Advance(TimeSpan.FromSeconds(2));
        var expired = ExpectEvent<TransactionExpired>(e => e.ReaderId == id);

        Assert.Equal(CardDisposition.Leave, expired.Disposition);
        Assert.Equal(ReaderState.Attached, Ask<ReaderSnapshot>(manager, new ToReader(id, GetStatus.Instance)).State);
    }

    [Fact]
    public void While_a_transaction_is_open_the_status_shows_the_holder_label_and_not_its_id()
    {
        var manager = StartManager();
        var id = AddReaderWithCard("Reader A 00 00");
        var transaction = Ask<TransactionBegun>(manager, new ToReader(id, new BeginTransaction(TimeSpan.FromSeconds(5), "kiosk-7"))).Transaction;

        var snapshot = Ask<ReaderSnapshot>(manager, new ToReader(id, GetStatus.Instance));

        Assert.Equal(ReaderState.InTransaction, snapshot.State);
        Assert.Equal("kiosk-7", snapshot.TransactionHolder);
        Assert.DoesNotContain(transaction.Value.ToString("N"), snapshot.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void When_the_wait_queue_is_full_further_requests_are_refused_BusyInTransaction_with_the_holder()
    {
        var settings = FastSettings with { Reader = FastSettings.Reader with { StashCapacity = 2 } };
        var manager = StartManager(settings);
        var id = AddReaderWithCard("Reader A 00 00");
        Ask<TransactionBegun>(manager, new ToReader(id, new BeginTransaction(TimeSpan.FromSeconds(5), "holder")));
        var waiter = CreateTestProbe();

        for (var i = 0; i < 3; i++)
        {
            manager.Tell(new ToReader(id, new Transmit(GetUid)), waiter.Ref);
        }

        var refused = waiter.ExpectMsg<ReaderFailure>(Wait);
        Assert.Equal(ReaderFailureReason.BusyInTransaction, refused.Reason);
        Assert.Equal("holder", refused.TransactionHolder);
    }

    [Fact]
    public void When_the_holder_detaches_the_requests_waiting_for_that_session_are_answered_not_replayed()
    {
        var manager = StartManager();
        var id = AddReaderWithCard("Reader A 00 00");
        var transaction = Ask<TransactionBegun>(manager, new ToReader(id, new BeginTransaction(TimeSpan.FromSeconds(5)))).Transaction;
        var waiter = CreateTestProbe();
        manager.Tell(new ToReader(id, new Transmit(GetUid)), waiter.Ref);

        Ask<Detached>(manager, new ToReader(id, new Detach(CardDisposition.Leave, transaction)));

        Assert.Equal(ReaderFailureReason.NotAttached, waiter.ExpectMsg<ReaderFailure>(Wait).Reason);
        Assert.Equal(0, Pcsc.OpenCardHandleCount);
    }

    [Fact]
    public void When_the_card_is_pulled_during_a_transaction_waiting_requests_fail_CardGone()
    {
        var manager = StartManager();
        var id = AddReaderWithCard("Reader A 00 00");
        Ask<TransactionBegun>(manager, new ToReader(id, new BeginTransaction(TimeSpan.FromSeconds(5))));
        var waiter = CreateTestProbe();
        manager.Tell(new ToReader(id, new Transmit(GetUid)), waiter.Ref);

        Pcsc.GetReader("Reader A 00 00").Remove();

        Assert.Equal(ReaderFailureReason.CardGone, waiter.ExpectMsg<ReaderFailure>(Wait).Reason);
        ExpectEvent<CardDetached>(e => e.ReaderId == id);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(60_000)]
    public void When_a_lease_length_is_not_positive_or_above_the_cap_BeginTransaction_is_refused(int milliseconds)
    {
        var manager = StartManager();
        var id = AddReaderWithCard("Reader A 00 00");

        var failure = AskFailure(manager, new ToReader(id, new BeginTransaction(TimeSpan.FromMilliseconds(milliseconds))));

        Assert.Equal(ReaderFailureReason.InvalidRequest, failure.Reason);
    }
}
