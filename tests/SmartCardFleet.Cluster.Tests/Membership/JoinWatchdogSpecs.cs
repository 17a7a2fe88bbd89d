using Akka.Actor;
using Akka.Remote;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using SmartCardFleet.Cluster.Membership;
using Xunit.Abstractions;

namespace SmartCardFleet.Cluster.Tests.Membership;

/// <summary>The join watchdog on an unjoined cluster node whose clock is the TestScheduler: remoting's association events
/// are published on the EventStream as Akka.Remote publishes them, and "not yet" is proven by message order (the
/// watchdog has answered an Identify sent after the clock moved), not by a quiet window.</summary>
public sealed class JoinWatchdogSpecs : TestKit
{
    private const string Config = """
        akka.actor.provider = cluster
        akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
        akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
        akka.loglevel = INFO
        """;

    private static readonly Address Seed = Address.Parse("akka.tcp://fleet@127.0.0.1:4999");
    private static readonly Address NotASeed = Address.Parse("akka.tcp://fleet@127.0.0.1:4998");
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan JustBefore = TimeSpan.FromMilliseconds(1);

    private readonly TestProbe _gaveUp;

    public JoinWatchdogSpecs(ITestOutputHelper output)
        : base(Config, output: output)
    {
        _gaveUp = CreateTestProbe("gave-up");
    }

    private TestScheduler Clock => (TestScheduler)Sys.Scheduler;

    [Fact]
    public void Connected_to_a_seed_and_never_admitted_the_node_gives_up_when_the_timeout_has_passed_and_not_before()
    {
        var watchdog = Start();

        Connected(watchdog, Seed);
        Clock.Advance(Timeout - JustBefore);
        AssertStillWaiting(watchdog);

        Clock.Advance(JustBefore);
        _gaveUp.ExpectMsg<ActorSystem>(s => Assert.Same(Sys, s));
    }

    [Fact]
    public void The_clock_runs_from_the_start_because_a_connection_made_before_the_watchdog_subscribed_is_not_announced_again()
    {
        var watchdog = Start();

        Clock.Advance(Timeout - JustBefore);
        AssertStillWaiting(watchdog);

        Clock.Advance(JustBefore);
        _gaveUp.ExpectMsg<ActorSystem>();
    }

    [Fact]
    public void A_seed_that_cannot_be_reached_stops_the_clock_and_a_connection_to_another_address_does_not_start_it()
    {
        var watchdog = Start();

        Publish(watchdog, new AssociationErrorEvent(new InvalidOperationException("connection refused"), Self, Seed, inbound: false,
            Akka.Event.LogLevel.WarningLevel));
        Connected(watchdog, NotASeed);
        Clock.Advance(Timeout * 3);

        AssertStillWaiting(watchdog);
    }

    [Fact]
    public void A_seed_that_goes_away_stops_the_clock_and_the_next_connection_gets_a_whole_timeout()
    {
        var watchdog = Start();
        Connected(watchdog, Seed);
        Clock.Advance(Timeout / 2);

        Publish(watchdog, new DisassociatedEvent(Self, Seed, inbound: false));
        Clock.Advance(Timeout * 2);
        AssertStillWaiting(watchdog);

        Connected(watchdog, Seed);
        Clock.Advance(Timeout - JustBefore);
        AssertStillWaiting(watchdog);
        Clock.Advance(JustBefore);
        _gaveUp.ExpectMsg<ActorSystem>();
    }

    [Fact]
    public void Once_the_node_is_a_member_the_watchdog_stops_and_never_gives_up()
    {
        var watchdog = Start();
        Watch(watchdog);
        Connected(watchdog, Seed);

        // Joining itself makes this node a member (Joining) at once; moving it Up would need the leader's tick.
        var cluster = Akka.Cluster.Cluster.Get(Sys);
        cluster.Join(cluster.SelfAddress);

        ExpectTerminated(watchdog);
        Clock.Advance(Timeout * 2);
        _gaveUp.ExpectNoMsg(TimeSpan.Zero);
    }

    private Address Self => Akka.Cluster.Cluster.Get(Sys).SelfAddress;

    /// <summary>A watchdog with its subscriptions in place (PreStart has run before it answers the Identify).</summary>
    private IActorRef Start()
    {
        var probe = _gaveUp;
        var watchdog = Sys.ActorOf(JoinWatchdog.Props(new HashSet<Address> { Seed }, Timeout, system => probe.Tell(system)));
        AssertStillWaiting(watchdog);
        return watchdog;
    }

    private void Connected(IActorRef watchdog, Address remote) => Publish(watchdog, new AssociatedEvent(Self, remote, inbound: false));

    /// <summary>Published as remoting publishes it, and handled before the clock moves: a timer the event starts is due
    /// from the clock's time at that moment.</summary>
    private void Publish(IActorRef watchdog, RemotingLifecycleEvent lifecycle)
    {
        Sys.EventStream.Publish(lifecycle);
        AssertStillWaiting(watchdog);
    }

    /// <summary>Everything sent to the watchdog before (events, the timer's message once due) has been handled, and it
    /// has not given up.</summary>
    private void AssertStillWaiting(IActorRef watchdog)
    {
        watchdog.Tell(new Identify(null), TestActor);
        Assert.Equal(watchdog, ExpectMsg<ActorIdentity>().Subject);
        _gaveUp.ExpectNoMsg(TimeSpan.Zero);
    }
}
