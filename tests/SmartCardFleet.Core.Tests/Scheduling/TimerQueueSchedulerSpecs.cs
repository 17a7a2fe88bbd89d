using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using SmartCardFleet.Core.Configuration;
using SmartCardFleet.Core.Scheduling;
using Xunit.Abstractions;

namespace SmartCardFleet.Core.Tests.Scheduling;

/// <summary>The host's Akka scheduler on .NET's timer queue: what Akka and our actors schedule must arrive, cancelled
/// items must not, and nothing must stay pending once everything fired or was cancelled (that is what lets an idle
/// station stop using CPU).</summary>
public sealed class TimerQueueSchedulerSpecs(ITestOutputHelper output)
    : TestKit(CoreConfig.IdleFriendlyScheduler.WithFallback(ConfigurationFactory.ParseString("akka.loglevel = WARNING")), output: output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private TimerQueueScheduler Scheduler => Assert.IsType<TimerQueueScheduler>(Sys.Scheduler);

    [Fact]
    public void A_message_scheduled_once_arrives_once_and_leaves_nothing_pending()
    {
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(50), TestActor, "due", ActorRefs.NoSender);

        ExpectMsg("due", Wait);
        AwaitCondition(() => Scheduler.PendingCount == 0, Wait);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void A_cancelled_message_never_arrives_and_leaves_the_queue_at_once()
    {
        // Due long after the test: a loaded machine cannot let it fire before the Cancel below.
        var cancelable = Sys.Scheduler.ScheduleTellOnceCancelable(TimeSpan.FromSeconds(10), TestActor, "cancelled", ActorRefs.NoSender);
        Assert.Equal(1, Scheduler.PendingCount);

        cancelable.Cancel();

        Assert.Equal(0, Scheduler.PendingCount);
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void An_item_whose_cancelable_is_cancelled_before_it_is_scheduled_never_runs()
    {
        var cancelable = new Cancelable(Sys.Scheduler);
        cancelable.Cancel();

        Sys.Scheduler.ScheduleTellOnce(TimeSpan.Zero, TestActor, "cancelled first", ActorRefs.NoSender, cancelable);

        Assert.Equal(0, Scheduler.PendingCount);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void A_repeated_message_keeps_arriving_until_cancelled()
    {
        var cancelable = Sys.Scheduler.ScheduleTellRepeatedlyCancelable(TimeSpan.Zero, TimeSpan.FromMilliseconds(30), TestActor, "tick", ActorRefs.NoSender);

        ExpectMsg("tick", Wait);
        ExpectMsg("tick", Wait);
        ExpectMsg("tick", Wait);
        cancelable.Cancel();

        Assert.Equal(0, Scheduler.PendingCount);
        // One tick may already be in the mailbox when Cancel runs; none after it.
        ReceiveWhile(TimeSpan.FromMilliseconds(300), message => message as string);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Actor_timers_work_on_it_including_restarting_a_single_timer_under_the_same_key()
    {
        var actor = Sys.ActorOf(Props.Create(() => new TimerUser(TestActor)));

        actor.Tell("start");
        actor.Tell("restart");

        ExpectMsg("fired:2", Wait);
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        AwaitCondition(() => Scheduler.PendingCount == 0, Wait);
    }

    [Fact]
    public void An_action_that_throws_is_logged_and_the_scheduler_keeps_working()
    {
        Sys.Scheduler.Advanced.ScheduleOnce(TimeSpan.Zero, () => throw new InvalidOperationException("scheduled failure"));
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(20), TestActor, "after", ActorRefs.NoSender);

        ExpectMsg("after", Wait);
    }

    [Fact]
    public async Task After_shutdown_nothing_fires_and_nothing_stays_pending()
    {
        var system = ActorSystem.Create("shutdown", CoreConfig.IdleFriendlyScheduler);
        var scheduler = Assert.IsType<TimerQueueScheduler>(system.Scheduler);
        var probe = CreateTestProbe();
        system.Scheduler.ScheduleTellOnce(TimeSpan.FromMinutes(10), probe.Ref, "never", ActorRefs.NoSender);
        Assert.Equal(1, scheduler.PendingCount);

        await system.Terminate().WaitAsync(Wait);

        AwaitCondition(() => scheduler.PendingCount == 0, Wait);
        system.Scheduler.ScheduleTellOnce(TimeSpan.Zero, probe.Ref, "late", ActorRefs.NoSender);
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    private sealed class TimerUser : ReceiveActor, IWithTimers
    {
        public TimerUser(IActorRef target)
        {
            Receive<string>(m => m == "start", _ => Timers.StartSingleTimer("key", "fired:1", TimeSpan.FromSeconds(10)));
            Receive<string>(m => m == "restart", _ => Timers.StartSingleTimer("key", "fired:2", TimeSpan.FromMilliseconds(100)));
            Receive<string>(m => m.StartsWith("fired", StringComparison.Ordinal), m => target.Tell(m));
        }

        public ITimerScheduler Timers { get; set; } = null!;
    }
}
