using Akka.Actor;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Tests.Support;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using Xunit.Abstractions;
using static SmartCardFleet.Core.Tests.Fleet.TwoReaders;

namespace SmartCardFleet.Core.Tests.Fleet;

/// <summary>The fast path when a reader cannot answer for itself: its actor crashed and restarts (in place: same ref,
/// same mailbox), it keeps crashing, or the PC/SC service is gone. Every request still gets an answer. The restart
/// backoff and the retirement grace move only when the spec advances the TestScheduler.</summary>
public sealed class ReaderRequestsRecoverySpecs(ITestOutputHelper output) : FleetSpec(output, config: TestSchedulerConfig)
{
    [Fact]
    public async Task After_a_crash_the_same_actor_answers_ReaderGone_restarting_until_its_backoff_is_over_then_works_again()
    {
        var crashing = new FaultInjectingPcsc(Pcsc);
        var manager = StartManager(api: crashing);
        var a = AddReaderWithCard(ReaderA, new StorageCard(UidA));
        var reader = AwaitRoute(manager, a);
        var requests = new ReaderRequests(Sys, manager);
        crashing.CrashNextTransmits(ReaderA, 1);

        var crashed = Assert.IsType<ReaderFailure>(await requests.AskAsync(a, new Transmit(GetUid), Wait));
        Assert.Equal(ReaderFailureReason.ReaderGone, crashed.Reason);
        ExpectEvent<CardDetached>(e => e.ReaderId == a);
        var restarting = Assert.IsType<ReaderFailure>(await requests.AskAsync(a, GetStatus.Instance, Wait));
        Assert.Equal((ReaderFailureReason.ReaderGone, "the reader actor is restarting after a failure"), (restarting.Reason, restarting.Message));
        Assert.Equal(0, Pcsc.OpenCardHandleCount);

        AdvanceUntilStatus(reader, GetStatus.Instance, s => s.State == ReaderState.Attached);

        ExpectEvent<CardAttached>(e => e.ReaderId == a);
        Assert.Equal(reader, AwaitRoute(manager, a));
        Assert.Equal(UidA, Assert.IsType<Transmitted>(await requests.AskAsync(a, new Transmit(GetUid), Wait)).Data);
    }

    [Fact]
    public void Requests_queued_behind_a_crashing_request_stay_in_the_mailbox_and_are_all_answered()
    {
        var crashing = new FaultInjectingPcsc(Pcsc);
        var manager = StartManager(api: crashing);
        var a = AddReaderWithCard(ReaderA);
        var reader = AwaitRoute(manager, a);
        crashing.CrashNextTransmits(ReaderA, 1);
        var client = CreateTestProbe();

        reader.Tell(new Transmit(GetUid), client.Ref);
        for (var i = 0; i < 20; i++)
        {
            reader.Tell(new Transmit(GetUid), client.Ref);
        }

        // The crashing request, then every queued one: the restarted instance answers them "restarting".
        Assert.Contains("failed", client.ExpectMsg<ReaderFailure>(Wait).Message, StringComparison.Ordinal);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("the reader actor is restarting after a failure", client.ExpectMsg<ReaderFailure>(Wait).Message);
        }
    }

    [Fact]
    public async Task A_reader_that_keeps_crashing_gives_up_stays_Faulted_and_publishes_ReaderFaulted()
    {
        var crashing = new FaultInjectingPcsc(Pcsc);
        var settings = FastSettings with { ReaderRestart = FastSettings.ReaderRestart with { MaxRetries = 2 } };
        var manager = StartManager(settings, crashing);
        var a = AddReaderWithCard(ReaderA);
        var requests = new ReaderRequests(Sys, manager);
        var reader = AwaitRoute(manager, a);
        crashing.CrashNextTransmits(ReaderA, 100);

        for (var crash = 1; crash <= 3; crash++)
        {
            Assert.Contains("failed", Assert.IsType<ReaderFailure>(await requests.AskAsync(a, new Transmit(GetUid), Wait)).Message,
                StringComparison.Ordinal);
            if (crash < 3)
            {
                // Each restart waits out its backoff, then the reader attaches again; it fails again before it ran for
                // ReaderRestartResetAfter, so the failures add up.
                AdvanceUntilStatus(reader, GetStatus.Instance, s => s.State == ReaderState.Attached);
            }
        }

        var faulted = ExpectEvent<ReaderFaulted>(e => e.ReaderId == a);
        Assert.Contains("given up", faulted.Message, StringComparison.Ordinal);
        var status = Assert.IsType<ReaderSnapshot>(await requests.AskAsync(a, GetStatus.Instance, Wait));
        Assert.Equal((ReaderState.Faulted, (byte[]?)null), (status.State, status.Atr));
        var refused = Assert.IsType<ReaderFailure>(await requests.AskAsync(a, new Transmit(GetUid), Wait));
        Assert.Contains("given up", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, Pcsc.OpenCardHandleCount);
    }

    [Fact]
    public async Task While_the_service_is_gone_requests_get_ServiceUnavailable_a_retiring_reader_answers_too_and_recovery_brings_new_readers()
    {
        var manager = StartManager();
        var a = AddReaderWithCard(ReaderA, new StorageCard(UidA));
        var b = AddReaderWithCard(ReaderB, new StorageCard(UidB));
        var lostA = AwaitRoute(manager, a);
        var requests = new ReaderRequests(Sys, manager);

        Pcsc.StopService();
        ExpectEvent<ServiceLost>();
        Assert.Equal(ReaderFailureReason.ServiceUnavailable, AskFailure(manager, ListReaders.Instance).Reason);

        Assert.Null(ReaderRoutes.Get(Sys).Find(manager, a));
        foreach (var id in new[] { a, b })
        {
            var failure = Assert.IsType<ReaderFailure>(await requests.AskAsync(id, new Transmit(GetUid), Wait));
            Assert.Equal((id, ReaderFailureReason.ServiceUnavailable), (failure.ReaderId, failure.Reason));
        }

        // A caller that still holds the retiring reader's ref gets an answer during the grace period...
        Assert.Equal(ReaderFailureReason.ServiceUnavailable, AskFailure(lostA, GetStatus.Instance).Reason);
        Watch(lostA);
        Scheduler.Advance(new ReaderTimings().RetireGrace);
        // ...after which it stops, and the manager's first retry (after the last context was released) finds the service.
        ExpectTerminated(lostA, Wait);
        Pcsc.StartService();
        AwaitAssert(() =>
        {
            Scheduler.Advance(FastSettings.ServiceRecovery.Max);
            Assert.NotNull(ReaderRoutes.Get(Sys).Find(manager, a));
        }, Wait, TimeSpan.FromMilliseconds(50));
        ExpectEvent<ServiceRestored>();

        Assert.NotEqual(lostA, AwaitRoute(manager, a));
        AwaitAssert(() => Assert.Equal(UidA, Ask<Transmitted>(manager, new ToReader(a, new Transmit(GetUid))).Data), Wait);
        Assert.Equal(UidB, Assert.IsType<Transmitted>(await requests.AskAsync(b, new Transmit(GetUid), Wait)).Data);
    }
}
