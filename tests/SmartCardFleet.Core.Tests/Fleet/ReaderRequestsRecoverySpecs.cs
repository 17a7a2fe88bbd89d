using Akka.Actor;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Tests.Support;
using SmartCardFleet.Pcsc;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using Xunit.Abstractions;
using static SmartCardFleet.Core.Tests.Fleet.TwoReaders;

namespace SmartCardFleet.Core.Tests.Fleet;

/// <summary>The fast path when a reader cannot answer for itself: its actor crashed and restarts, it waits on another
/// process's transaction, or the PC/SC service is gone. Every request still gets the manager path's answer.</summary>
public sealed class ReaderRequestsRecoverySpecs(ITestOutputHelper output) : FleetSpec(output)
{

    [Fact]
    public async Task After_a_crash_the_directory_names_the_new_incarnation_and_a_request_to_the_dead_one_is_answered_ReaderGone()
    {
        var crashing = new FaultInjectingPcsc(Pcsc);
        var manager = StartManager(api: crashing);
        var a = AddReaderWithCard(ReaderA, new StorageCard(UidA));
        var directory = DirectoryOf(manager);
        var crashed = AwaitDirectReader(directory, a);
        var requests = new ReaderRequests(Sys, manager);
        var watcher = CreateTestProbe("watcher");
        watcher.Watch(crashed);

        crashing.CrashNextTransmits(ReaderA, 1);
        var failure = Assert.IsType<ReaderFailure>(await requests.AskAsync(a, new Transmit(GetUid), Wait));
        Assert.Equal(ReaderFailureReason.ReaderGone, failure.Reason);
        watcher.ExpectTerminated(crashed, Wait);

        var restarted = AwaitDirectReader(directory, a, reader => !reader.Equals(crashed));
        Assert.Equal(crashed.Path.ToStringWithoutAddress(), restarted.Path.ToStringWithoutAddress());
        ExpectEvent<CardAttached>(e => e.ReaderId == a);
        Assert.Equal(UidA, Assert.IsType<Transmitted>(await requests.AskAsync(a, new Transmit(GetUid), Wait)).Data);
        // What a caller meets when it took the actor from the directory just before the crash: its request becomes a
        // dead letter, which the manager answers.
        var late = Assert.IsType<ReaderFailure>(await crashed.Ask<object>(new Transmit(GetUid), Wait));
        Assert.Equal((a, ReaderFailureReason.ReaderGone), (late.ReaderId, late.Reason));
        Assert.Contains("stopped before it could answer", late.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_sent_one_after_another_while_a_crashed_reader_restarts_are_all_answered_until_the_new_actor_answers()
    {
        var crashing = new FaultInjectingPcsc(Pcsc);
        var manager = StartManager(api: crashing);
        var a = AddReaderWithCard(ReaderA);
        AwaitDirectReader(DirectoryOf(manager), a);
        var requests = new ReaderRequests(Sys, manager);
        crashing.CrashNextTransmits(ReaderA, 1);

        var answers = new List<object> { await requests.AskAsync(a, new Transmit(GetUid), Wait) };
        // On the way the requests meet the dead actor (dead letter), the manager while the supervisor waits out its
        // backoff (its "restarting" reply) and finally the new actor; each one is answered within its own timeout.
        var deadline = DateTime.UtcNow + Wait;
        while (answers[^1] is not ReaderSnapshot)
        {
            Assert.True(DateTime.UtcNow < deadline, $"no ReaderSnapshot after {answers.Count} requests");
            answers.Add(await requests.AskAsync(a, GetStatus.Instance, Wait));
        }

        Assert.All(answers.SkipLast(1), answer => Assert.Equal(ReaderFailureReason.ReaderGone, Assert.IsType<ReaderFailure>(answer).Reason));
    }

    [Fact]
    public async Task A_reader_that_keeps_crashing_is_given_up_leaves_the_directory_and_is_answered_UnknownReader()
    {
        var crashing = new FaultInjectingPcsc(Pcsc);
        var settings = FastSettings with { ReaderRestart = FastSettings.ReaderRestart with { MaxRetries = 2 } };
        var manager = StartManager(settings, crashing);
        var a = AddReaderWithCard(ReaderA);
        var directory = DirectoryOf(manager);
        AwaitDirectReader(directory, a);
        var requests = new ReaderRequests(Sys, manager);
        crashing.CrashNextTransmits(ReaderA, 100);

        // Every Transmit that reaches an incarnation crashes it; the others meet a dead or restarting reader.
        var answers = new List<ReaderFailure>();
        var deadline = DateTime.UtcNow + Wait;
        while (answers.Count == 0 || answers[^1].Reason != ReaderFailureReason.UnknownReader)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the reader was not given up after {answers.Count} requests");
            answers.Add(Assert.IsType<ReaderFailure>(await requests.AskAsync(a, new Transmit(GetUid), Wait)));
        }

        Assert.All(answers.SkipLast(1), failure => Assert.Equal(ReaderFailureReason.ReaderGone, failure.Reason));
        Assert.Equal(a, ExpectEvent<ReaderFaulted>(e => e.ReaderId == a).ReaderId);
        Assert.False(directory.TryGetReader(a, out _));
    }

    [Fact]
    public async Task A_reader_blocked_by_a_foreign_transaction_past_the_threshold_leaves_the_directory_and_is_answered_ForeignTransaction()
    {
        var clock = new ManualClock();
        var manager = StartManager(clock: clock);
        var a = AddReaderWithCard(ReaderA, new StorageCard(UidA));
        var directory = DirectoryOf(manager);
        AwaitDirectReader(directory, a);
        var requests = new ReaderRequests(Sys, manager);
        var foreign = ForeignProcess.HoldTransaction(Pcsc, ReaderA);

        var begin = requests.AskAsync(a, new BeginTransaction(TimeSpan.FromSeconds(5), "kiosk"), Wait);
        AwaitCondition(() => Pcsc.BlockedTransactionWaits == 1, Wait);
        // Below the threshold the blocked reader is still the direct target: the request waits in its mailbox.
        Assert.True(directory.TryGetReader(a, out _));
        var queued = requests.AskAsync(a, new Transmit(GetUid), Wait);
        clock.Advance(PastThreshold);

        Assert.False(directory.TryGetReader(a, out _));
        var refused = Assert.IsType<ReaderFailure>(await requests.AskAsync(a, new Transmit(GetUid), Wait));
        Assert.Equal(ReaderFailureReason.ForeignTransaction, refused.Reason);
        Assert.Equal($"reader '{a}' is blocked in SCardBeginTransaction for 3.0 s: another process holds the card's transaction; retry later",
            refused.Message);
        var status = Assert.IsType<ReaderSnapshot>(await requests.AskAsync(a, GetStatus.Instance, Wait));
        Assert.Equal(ReaderState.BlockedByForeignTransaction, status.State);
        Assert.False(begin.IsCompleted || queued.IsCompleted, "the blocked reader answered while it was inside SCardBeginTransaction");

        Assert.Equal(PcscError.Success, Pcsc.EndTransaction(foreign, CardDisposition.Leave));

        var transaction = Assert.IsType<TransactionBegun>(await begin).Transaction;
        // The call has returned: the reader is the direct target again.
        Assert.True(directory.TryGetReader(a, out _));
        Assert.IsType<TransactionEnded>(await requests.AskAsync(a, new EndTransaction(transaction), Wait));
        Assert.Equal(UidA, Assert.IsType<Transmitted>(await queued).Data);
    }

    [Fact]
    public async Task While_the_service_is_gone_requests_get_ServiceUnavailable_and_after_recovery_the_directory_names_the_new_readers()
    {
        var manager = StartManager();
        var a = AddReaderWithCard(ReaderA, new StorageCard(UidA));
        var b = AddReaderWithCard(ReaderB, new StorageCard(UidB));
        var directory = DirectoryOf(manager);
        var lostA = AwaitDirectReader(directory, a);
        var lostB = AwaitDirectReader(directory, b);
        var requests = new ReaderRequests(Sys, manager);
        var watcher = CreateTestProbe("watcher");
        watcher.Watch(lostA);

        Pcsc.StopService();
        ExpectEvent<ServiceLost>();
        // ServiceLost is published early in the manager's handler; once it answers as a recovering station the
        // handler (which clears the directory) has ended.
        Assert.Equal(ReaderFailureReason.ServiceUnavailable, AskFailure(manager, ListReaders.Instance).Reason);

        Assert.False(directory.IsClosed);
        Assert.False(directory.TryGetReader(a, out _) || directory.TryGetReader(b, out _));
        foreach (var id in new[] { a, b })
        {
            var failure = Assert.IsType<ReaderFailure>(await requests.AskAsync(id, new Transmit(GetUid), Wait));
            Assert.Equal((id, ReaderFailureReason.ServiceUnavailable), (failure.ReaderId, failure.Reason));
        }

        // A caller that still holds a stopped reader actor gets an answer too.
        watcher.ExpectTerminated(lostA, Wait);
        Assert.Equal(ReaderFailureReason.ReaderGone, Assert.IsType<ReaderFailure>(await lostA.Ask<object>(GetStatus.Instance, Wait)).Reason);

        Pcsc.StartService();
        ExpectEvent<ServiceRestored>();

        var newA = AwaitDirectReader(directory, a);
        var newB = AwaitDirectReader(directory, b);
        Assert.NotEqual(lostA, newA);
        Assert.NotEqual(lostB, newB);
        Assert.Equal(UidA, Assert.IsType<Transmitted>(await requests.AskAsync(a, new Transmit(GetUid), Wait)).Data);
        Assert.Equal(UidB, Assert.IsType<Transmitted>(await requests.AskAsync(b, new Transmit(GetUid), Wait)).Data);
    }
}
