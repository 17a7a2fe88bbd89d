using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Akka.Remote;
using SmartCardFleet.Core.Messaging;
using static Akka.Cluster.ClusterEvent;

namespace SmartCardFleet.Cluster.Membership;

/// <summary>
/// Ends a node that reaches a seed but is never let into the fleet (docs/cluster.md, "Stuck outside the fleet"). The
/// clock runs from the watchdog's start: remoting may have connected to a seed before the watchdog subscribed, and that
/// connection is not announced again. If this node is still not a member (Joining, WeaklyUp or Up) the timeout later, it
/// logs one error naming the seeds and runs CoordinatedShutdown with <see cref="JoinStuckReason"/>, so the process exits
/// and its supervisor starts a fresh incarnation. A seed that cannot be reached (its connection failed or was lost)
/// counts as absent; while every seed is absent the clock stops, so a station whose console is down keeps serving its
/// own readers instead of restarting every minute. A new connection to a seed starts a whole timeout again. Once this
/// node is a member the watchdog stops.
/// </summary>
public sealed class JoinWatchdog : ReceiveActor, IWithTimers
{
    private readonly IReadOnlySet<Address> _seeds;
    private readonly TimeSpan _timeout;
    private readonly Action<ActorSystem> _giveUp;
    private readonly HashSet<Address> _absent = [];
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();

    /// <param name="seeds">The seeds' actor system addresses (akka.tcp://fleet@host:port).</param>
    /// <param name="timeout">How long a node may stay associated with a seed without being admitted.</param>
    /// <param name="giveUp">What ends the node; <see cref="Shutdown"/> in a fleet node.</param>
    public JoinWatchdog(IReadOnlySet<Address> seeds, TimeSpan timeout, Action<ActorSystem> giveUp)
    {
        _seeds = seeds;
        _timeout = timeout;
        _giveUp = giveUp;
        Receive<IMemberEvent>(IsSelfMember, _ => Context.Stop(Self));
        Receive<IMemberEvent>(_ => { });
        Receive<AssociatedEvent>(associated => _seeds.Contains(associated.RemoteAddress), associated =>
        {
            _absent.Remove(associated.RemoteAddress);
            Arm();
        });
        Receive<DisassociatedEvent>(lost => _seeds.Contains(lost.RemoteAddress), lost => Absent(lost.RemoteAddress));
        Receive<AssociationErrorEvent>(failed => _seeds.Contains(failed.RemoteAddress), failed => Absent(failed.RemoteAddress));
        Receive<RemotingLifecycleEvent>(_ => { });
        Receive<JoinOverdue>(_ => GiveUp());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IReadOnlySet<Address> seeds, TimeSpan timeout, Action<ActorSystem>? giveUp = null) =>
        Akka.Actor.Props.Create(() => new JoinWatchdog(seeds, timeout, giveUp ?? Shutdown));

    /// <summary>CoordinatedShutdown with <see cref="JoinStuckReason"/>: the ActorSystem terminates, the host stops and the
    /// process exits with the reason's code.</summary>
    public static void Shutdown(ActorSystem system) => CoordinatedShutdown.Get(system).Run(JoinStuckReason.Instance);

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(RemotingLifecycleEvent));
        _cluster.Subscribe(Self, SubscriptionInitialStateMode.InitialStateAsEvents, typeof(IMemberEvent));
        Arm();
    }

    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        _cluster.Unsubscribe(Self);
    }

    private void Arm()
    {
        if (!Timers.IsTimerActive(JoinOverdue.Instance))
        {
            Timers.StartSingleTimer(JoinOverdue.Instance, JoinOverdue.Instance, _timeout);
        }
    }

    /// <summary>The seed went away or could not be reached: with every seed absent there is nothing to be stuck with.</summary>
    private void Absent(Address seed)
    {
        _absent.Add(seed);
        if (_seeds.All(_absent.Contains))
        {
            Timers.Cancel(JoinOverdue.Instance);
        }
    }

    private bool IsSelfMember(IMemberEvent changed) =>
        changed.Member.UniqueAddress.Equals(_cluster.SelfUniqueAddress) && changed.Member.Status != MemberStatus.Removed;

    private void GiveUp()
    {
        _log.Error("This node has been connected to the fleet's seed(s) {0} for {1} without being let into the fleet. A node " +
            "restarted on its old address can get stuck this way while the fleet still counts its previous incarnation " +
            "(docs/cluster.md, \"Stuck outside the fleet\"). Stopping so that the supervisor starts a fresh incarnation.",
            string.Join(", ", _seeds.Except(_absent)), _timeout);
        Become(() => ReceiveAny(_ => { }));
        _giveUp(Context.System);
    }
}

/// <summary>The watchdog's timeout has passed.</summary>
internal sealed record JoinOverdue : ILocalOnlyMessage
{
    public static readonly JoinOverdue Instance = new();
}

/// <summary>Why a node that reached a seed but was never admitted shuts down: exit code 1, a failure its supervisor
/// restarts (config/fleet.service refuses to restart only 2, a configuration error).</summary>
public sealed class JoinStuckReason : CoordinatedShutdown.Reason
{
    public const int JoinStuckExitCode = 1;

    public static readonly JoinStuckReason Instance = new();

    private JoinStuckReason()
    {
    }

    public override int ExitCode => JoinStuckExitCode;
}
