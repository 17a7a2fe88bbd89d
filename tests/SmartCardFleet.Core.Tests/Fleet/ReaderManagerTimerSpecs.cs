using Akka.Actor;
using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Monitoring;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Tests.Support;
using Xunit.Abstractions;

namespace SmartCardFleet.Core.Tests.Fleet;

/// <summary>The manager's own timers (service-retry backoff, card-wait timeout): time moves only when a spec advances
/// the TestScheduler, so "not yet" is proven by message order instead of a quiet window.</summary>
public sealed class ReaderManagerTimerSpecs(ITestOutputHelper output) : FleetSpec(output, config: TestSchedulerConfig)
{
    /// <summary>FastSettings' service backoff before attempt n: 50 ms doubling, capped at 400 ms (plus up to 20 % jitter).</summary>
    private static readonly TimeSpan[] RetryDelays = [.. new[] { 50, 100, 200, 400, 400 }.Select(ms => TimeSpan.FromMilliseconds(ms))];

    private static readonly TimeSpan JustBefore = TimeSpan.FromMilliseconds(1);

    [Fact]
    public void While_the_service_is_down_each_backoff_step_makes_exactly_one_establish_attempt_and_none_before_it_is_due()
    {
        // No reader: the manager retries at once after service loss (no retiring reader holds a context), and every
        // SCardEstablishContext is the monitor's. A monitor thread is counted from Start, so a retry the manager has
        // handled shows in CardMonitor.RunningThreads before its attempt does.
        var idleThreads = CardMonitor.RunningThreads;
        var manager = StartManager();

        Pcsc.StopService();
        ExpectEvent<ServiceLost>();
        var attempts = Pcsc.EstablishContextAttempts;
        AssertWaitingForRetry(manager, attempts, idleThreads);

        foreach (var delay in RetryDelays)
        {
            Scheduler.Advance(delay - JustBefore);
            AssertWaitingForRetry(manager, attempts, idleThreads);

            // Past the largest jitter: the retry is due, one monitor tries once, fails, and the next retry waits again.
            Scheduler.Advance((delay * 0.2) + JustBefore);
            attempts++;
            AwaitCondition(() => Pcsc.EstablishContextAttempts == attempts && CardMonitor.RunningThreads == idleThreads, Wait);
            AssertWaitingForRetry(manager, attempts, idleThreads);
        }

        // ...and it is still trying, not stuck: the next due retry finds the service.
        Pcsc.StartService();
        Scheduler.Advance(RetryDelays[^1] * 1.2);
        Assert.Equal(RetryDelays.Length + 1, ExpectEvent<ServiceRestored>().Attempts);
    }

    [Fact]
    public void Waiting_for_a_card_that_never_comes_fails_with_Timeout_once_the_timeout_has_passed_and_not_before()
    {
        var manager = StartManager();
        var pattern = AtrPattern.Parse("3B00");
        var timeout = TimeSpan.FromSeconds(5);
        manager.Tell(new WaitForCard(pattern, timeout), TestActor);
        // The manager answers in order: once FindCard is answered, the wait (and its timer) is registered, unanswered.
        Assert.Equal(ReaderFailureReason.NoCard, AskFailure(manager, new FindCard(pattern)).Reason);

        Scheduler.Advance(timeout - JustBefore);
        // A timeout fired by that advance would be in the manager's mailbox before this FindCard, so answered first.
        Assert.Equal(ReaderFailureReason.NoCard, AskFailure(manager, new FindCard(pattern)).Reason);

        Scheduler.Advance(JustBefore);
        var failure = ExpectMsg<ReaderFailure>(Wait);
        Assert.Equal((ReaderFailureReason.Timeout, (ReaderId?)null), (failure.Reason, failure.ReaderId));
        Assert.Contains(pattern.ToString(), failure.Message, StringComparison.Ordinal);
    }

    /// <summary>The manager is recovering with a retry pending and has not started another attempt: it answered a
    /// request sent after everything the spec did, no monitor thread runs, and the service saw no further attempt.</summary>
    private void AssertWaitingForRetry(IActorRef manager, int attempts, int idleThreads)
    {
        Assert.Equal(ReaderFailureReason.ServiceUnavailable, AskFailure(manager, ListReaders.Instance).Reason);
        Assert.Equal((idleThreads, attempts), (CardMonitor.RunningThreads, Pcsc.EstablishContextAttempts));
    }
}
