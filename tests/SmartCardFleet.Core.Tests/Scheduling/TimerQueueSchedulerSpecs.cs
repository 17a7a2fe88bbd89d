using Akka.Actor;
using Akka.Dispatch;
using Akka.TestKit.Xunit2;
using SmartCardFleet.Core.Scheduling;
using SmartCardFleet.Core.Tests.Support;
using Xunit.Abstractions;

namespace SmartCardFleet.Core.Tests.Scheduling;

/// <summary>The host's Akka scheduler on .NET's timer queue, over a clock that moves only when the spec says: an item
/// runs at its due time and not before, cancelled items never run, and once everything ran or was cancelled no timer
/// stays armed (that is what lets an idle station stop using CPU). The ActorSystem here only provides the log.</summary>
public sealed class TimerQueueSchedulerSpecs : TestKit
{
    private static readonly TimeSpan OneMs = TimeSpan.FromMilliseconds(1);

    private readonly ManualTimeProvider _clock = new();
    private readonly List<string> _ran = [];
    private readonly TimerQueueScheduler _scheduler;
    private readonly ICanTell _recorder;

    public TimerQueueSchedulerSpecs(ITestOutputHelper output)
        : base(output: output)
    {
        _scheduler = new TimerQueueScheduler(Sys.Settings.Config.GetConfig("akka.scheduler"), Sys.Log, _clock);
        _recorder = new Recorder(_ran);
    }

    /// <summary>What Akka and actors see of it.</summary>
    private IScheduler Scheduler => _scheduler;

    [Fact]
    public void A_message_scheduled_once_is_told_at_its_due_time_not_before_and_only_once()
    {
        Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(50), _recorder, "due", ActorRefs.NoSender);

        _clock.Advance(TimeSpan.FromMilliseconds(49));
        Assert.Empty(_ran);
        Assert.Equal(1, _scheduler.PendingCount);

        _clock.Advance(OneMs);
        Assert.Equal(["due"], _ran);

        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(["due"], _ran);
        AssertIdle();
    }

    [Fact]
    public void Items_scheduled_in_any_shape_run_in_the_order_they_come_due()
    {
        Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(30), _recorder, "told", ActorRefs.NoSender);
        Scheduler.Advanced.ScheduleOnce(TimeSpan.FromMilliseconds(20), Record("action"));
        Scheduler.Advanced.ScheduleOnce(TimeSpan.FromMilliseconds(10), new ActionRunnable(Record("runnable")));
        Scheduler.Advanced.ScheduleOnce(TimeSpan.Zero, Record("now"));
        Assert.Empty(_ran);

        _clock.Advance(TimeSpan.Zero);
        Assert.Equal(["now"], _ran);
        _clock.Advance(TimeSpan.FromMilliseconds(20));
        Assert.Equal(["now", "runnable", "action"], _ran);
        _clock.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal(["now", "runnable", "action", "told"], _ran);
        AssertIdle();
    }

    [Fact]
    public void A_cancelled_message_never_arrives_and_leaves_the_timer_queue_at_once()
    {
        var cancelable = Scheduler.ScheduleTellOnceCancelable(TimeSpan.FromSeconds(10), _recorder, "cancelled", ActorRefs.NoSender);
        Assert.Equal(1, _scheduler.PendingCount);
        Assert.Equal(1, _clock.ArmedTimers);

        cancelable.Cancel();

        AssertIdle();
        _clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Empty(_ran);
    }

    [Fact]
    public void An_item_whose_cancelable_is_cancelled_before_it_is_scheduled_never_runs()
    {
        var cancelable = new Cancelable(Scheduler);
        cancelable.Cancel();

        Scheduler.ScheduleTellOnce(TimeSpan.Zero, _recorder, "cancelled first", ActorRefs.NoSender, cancelable);

        AssertIdle();
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(_ran);
    }

    [Fact]
    public void A_repeated_message_arrives_once_per_interval_until_cancelled()
    {
        var cancelable = Scheduler.ScheduleTellRepeatedlyCancelable(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(30),
            _recorder, "tick", ActorRefs.NoSender);

        _clock.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Empty(_ran);
        _clock.Advance(OneMs);
        Assert.Single(_ran);
        _clock.Advance(TimeSpan.FromMilliseconds(29));
        Assert.Single(_ran);
        _clock.Advance(OneMs);
        Assert.Equal(2, _ran.Count);
        _clock.Advance(TimeSpan.FromMilliseconds(60));
        Assert.Equal(4, _ran.Count);

        cancelable.Cancel();

        AssertIdle();
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(4, _ran.Count);
    }

    [Fact]
    public void A_repeated_action_that_cancels_itself_runs_no_more()
    {
        var cancelable = new Cancelable(Scheduler);
        Scheduler.Advanced.ScheduleRepeatedly(TimeSpan.Zero, TimeSpan.FromMilliseconds(10), () =>
        {
            _ran.Add("tick");
            if (_ran.Count == 2)
            {
                cancelable.Cancel();
            }
        }, cancelable);

        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(2, _ran.Count);
        AssertIdle();
    }

    [Fact]
    public void A_delay_longer_than_one_timer_period_is_waited_out_in_full()
    {
        // System.Threading.Timer refuses due times above ~49.7 days; a longer delay must be re-armed, not refused.
        var delay = TimeSpan.FromDays(60);
        Scheduler.ScheduleTellOnce(delay, _recorder, "late", ActorRefs.NoSender);

        _clock.Advance(TimeSpan.FromDays(50));
        Assert.Empty(_ran);
        Assert.Equal(1, _clock.ArmedTimers);
        _clock.Advance(delay - TimeSpan.FromDays(50) - OneMs);
        Assert.Empty(_ran);

        _clock.Advance(OneMs);
        Assert.Equal(["late"], _ran);
        AssertIdle();
    }

    [Fact]
    public void An_action_that_throws_is_logged_and_the_scheduler_keeps_working()
    {
        Scheduler.Advanced.ScheduleOnce(TimeSpan.Zero, () => throw new InvalidOperationException("scheduled failure"));
        Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(20), _recorder, "after", ActorRefs.NoSender);

        EventFilter.Exception<InvalidOperationException>().ExpectOne(() => _clock.Advance(TimeSpan.Zero));
        _clock.Advance(TimeSpan.FromMilliseconds(20));

        Assert.Equal(["after"], _ran);
        AssertIdle();
    }

    [Fact]
    public void After_dispose_nothing_fires_and_nothing_stays_armed()
    {
        Scheduler.ScheduleTellOnce(TimeSpan.FromMinutes(10), _recorder, "never", ActorRefs.NoSender);
        Assert.Equal(1, _clock.ArmedTimers);

        _scheduler.Dispose();
        Scheduler.ScheduleTellOnce(TimeSpan.Zero, _recorder, "late", ActorRefs.NoSender);

        AssertIdle();
        _clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Empty(_ran);
    }

    [Fact]
    public void Its_clocks_are_the_time_providers()
    {
        Assert.Equal(TimeSpan.Zero, Scheduler.MonotonicClock);

        _clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(TimeSpan.FromSeconds(5), Scheduler.MonotonicClock);
        Assert.Equal(TimeSpan.FromSeconds(5), Scheduler.HighResMonotonicClock);
        Assert.Equal(_clock.GetUtcNow(), Scheduler.Now);
    }

    protected override void Dispose(bool disposing)
    {
        _scheduler.Dispose();
        base.Dispose(disposing);
    }

    private Action Record(string what) => () => _ran.Add(what);

    /// <summary>Nothing pending in the scheduler and no timer armed on the clock: an idle scheduler costs nothing.</summary>
    private void AssertIdle()
    {
        Assert.Equal(0, _scheduler.PendingCount);
        Assert.Equal(0, _clock.ArmedTimers);
    }

    /// <summary>A receiver that records on the thread that tells it (the one advancing the clock): no mailbox in between.</summary>
    private sealed class Recorder(List<string> into) : ICanTell
    {
        public void Tell(object message, IActorRef sender) => into.Add((string)message);
    }
}
