using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using SmartCardFleet.Cluster.Directory;
using static Akka.Cluster.ClusterEvent;

namespace SmartCardFleet.Cluster.Membership;

/// <summary>
/// Lets this node into the fleet under its name, or refuses it. When this node is Up (or WeaklyUp) and another
/// reachable member with the same name is older, this node is the duplicate: it logs one error naming Station:Name and
/// the other member's address, its directory writer stops (and takes back an entry it may have written), and
/// CoordinatedShutdown leaves the cluster and terminates the ActorSystem (<see cref="DuplicateStationNameReason"/>), so
/// the process exits. An unreachable member with the same name is taken for this station's previous incarnation
/// (killed), not a duplicate. Otherwise the directory writer and the event publisher are told <see cref="NameAccepted"/>:
/// until then neither speaks for this station, so a refused duplicate never shows under another station's name.
/// The check runs again on every membership change after that: two namesakes that become Up in the same gossip may be
/// seen one event apart, and the younger must still step back once the older shows.
/// </summary>
public sealed class NameGuard : ReceiveActor
{
    private readonly string _name;
    private readonly IReadOnlyList<IActorRef> _admitted;
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<Member> _members = [];
    private readonly HashSet<Member> _unreachable = [];
    private bool _accepted;

    /// <param name="admitted">The actors told <see cref="NameAccepted"/> or <see cref="NameRefused"/>.</param>
    public NameGuard(string name, IReadOnlyList<IActorRef> admitted)
    {
        _name = name;
        _admitted = admitted;
        Receive<CurrentClusterState>(state =>
        {
            _members.UnionWith(state.Members);
            _unreachable.UnionWith(state.Unreachable);
            Check();
        });
        Receive<MemberRemoved>(removed =>
        {
            _members.Remove(removed.Member);
            _unreachable.Remove(removed.Member);
        });
        Receive<IMemberEvent>(changed =>
        {
            // Member equality is by address: replace, so the status is the new one.
            _members.Remove(changed.Member);
            _members.Add(changed.Member);
            Check();
        });
        Receive<UnreachableMember>(lost => _unreachable.Add(lost.Member));
        Receive<ReachableMember>(back =>
        {
            _unreachable.Remove(back.Member);
            Check();
        });
    }

    public static Props Props(string name, IReadOnlyList<IActorRef> admitted) => Akka.Actor.Props.Create(() => new NameGuard(name, admitted));

    protected override void PreStart() =>
        _cluster.Subscribe(Self, SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(IMemberEvent), typeof(IReachabilityEvent));

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    /// <summary>The older reachable member named like this node, if any.</summary>
    public static Member? OlderNamesake(string name, Member self, IEnumerable<Member> members, IEnumerable<Member> unreachable)
    {
        ArgumentNullException.ThrowIfNull(self);
        var lost = unreachable.Select(m => m.UniqueAddress).ToHashSet();
        return members
            .Where(m => !m.UniqueAddress.Equals(self.UniqueAddress) && !lost.Contains(m.UniqueAddress))
            .Where(m => m.Status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Leaving)
            .Where(m => string.Equals(MemberRoles.NameOf(m), name, StringComparison.Ordinal))
            .FirstOrDefault(m => m.IsOlderThan(self));
    }

    private void Check()
    {
        var self = _members.FirstOrDefault(m => m.UniqueAddress.Equals(_cluster.SelfUniqueAddress));
        if (self is null || self.Status is not (MemberStatus.Up or MemberStatus.WeaklyUp))
        {
            return;
        }

        if (OlderNamesake(_name, self, _members, _unreachable) is { } other)
        {
            Refuse(other);
        }
        else if (!_accepted)
        {
            _accepted = true;
            Tell(NameAccepted.Instance);
        }
    }

    private void Tell(object decision)
    {
        foreach (var actor in _admitted)
        {
            actor.Tell(decision);
        }
    }

    /// <summary>CoordinatedShutdown leaves the cluster gracefully (its cluster-leave and cluster-exiting phases) and then
    /// terminates the ActorSystem, with this reason recorded for the host.</summary>
    private void Refuse(Member other)
    {
        _log.Error("Station:Name '{0}' is already used by the fleet member at {1}, which joined first. This node leaves the " +
            "fleet and stops; give it another Station:Name.", _name, other.Address);
        Tell(NameRefused.Instance);
        Become(() => ReceiveAny(_ => { }));
        CoordinatedShutdown.Get(Context.System).Run(DuplicateStationNameReason.Instance);
    }
}

/// <summary>Why the ActorSystem of a refused duplicate shuts down (CoordinatedShutdown.ShutdownReason), with the
/// process exit code the host should end with.</summary>
public sealed class DuplicateStationNameReason : CoordinatedShutdown.Reason
{
    /// <summary>A configuration error, like any other bad setting at start (2), and unlike a node the split brain resolver
    /// downed (Akka's 3): a supervisor restarts a downed node, but restarting a duplicate only repeats the refusal.</summary>
    public const int DuplicateNameExitCode = 2;

    public static readonly DuplicateStationNameReason Instance = new();

    private DuplicateStationNameReason()
    {
    }

    public override int ExitCode => DuplicateNameExitCode;
}
