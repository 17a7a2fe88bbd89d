using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using SmartCardFleet.Core.Configuration;
using SmartCardFleet.Core.Scheduling;
using Xunit.Abstractions;

namespace SmartCardFleet.Core.Tests.Scheduling;

/// <summary>The scheduler as the station runs it: chosen by <see cref="CoreConfig.IdleFriendlyScheduler"/>, on real
/// time. What fires when is proven on a manual clock (<see cref="TimerQueueSchedulerSpecs"/>); these specs wait for
/// the message itself and check the pending count, never for a quiet window, so a slow machine only makes them slower.</summary>
public sealed class TimerQueueSchedulerSystemSpecs(ITestOutputHelper output)
    : TestKit(CoreConfig.IdleFriendlyScheduler.WithFallback(ConfigurationFactory.ParseString("akka.loglevel = WARNING")), output: output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private TimerQueueScheduler Scheduler => Assert.IsType<TimerQueueScheduler>(Sys.Scheduler);

    [Fact]
    public void A_message_scheduled_on_the_system_arrives_and_leaves_nothing_pending()
    {
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(50), TestActor, "due", ActorRefs.NoSender);

        ExpectMsg("due", Wait);
        AwaitCondition(() => Scheduler.PendingCount == 0, Wait);
    }

    [Fact]
    public void Actor_timers_work_on_it_including_restarting_a_single_timer_under_the_same_key()
    {
        var actor = Sys.ActorOf(Props.Create(() => new TimerUser(TestActor)));

        actor.Tell("start");
        actor.Tell("restart");

        ExpectMsg("fired:2", Wait);
        // The first timer was due in 10 s: nothing pending now means restarting the key cancelled it for good.
        AwaitCondition(() => Scheduler.PendingCount == 0, Wait);
    }

    [Fact]
    public async Task Terminating_the_system_disposes_it_and_nothing_scheduled_later_is_armed()
    {
        var system = ActorSystem.Create("shutdown", CoreConfig.IdleFriendlyScheduler);
        var scheduler = Assert.IsType<TimerQueueScheduler>(system.Scheduler);
        var probe = CreateTestProbe();
        system.Scheduler.ScheduleTellOnce(TimeSpan.FromMinutes(10), probe.Ref, "never", ActorRefs.NoSender);
        Assert.Equal(1, scheduler.PendingCount);

        await system.Terminate().WaitAsync(Wait);

        AwaitCondition(() => scheduler.PendingCount == 0, Wait);
        system.Scheduler.ScheduleTellOnce(TimeSpan.Zero, probe.Ref, "late", ActorRefs.NoSender);
        Assert.Equal(0, scheduler.PendingCount);
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
