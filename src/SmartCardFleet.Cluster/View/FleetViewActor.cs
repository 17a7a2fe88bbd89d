using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using SmartCardFleet.Cluster.Directory;
using SmartCardFleet.Cluster.Membership;
using SmartCardFleet.Cluster.Topology;
using static Akka.Cluster.ClusterEvent;

namespace SmartCardFleet.Cluster.View;

/// <summary>
/// Follows membership, reachability and the directory, and publishes a new <see cref="FleetSnapshot"/> to the
/// <see cref="FleetViewHolder"/> after each change. It keeps one <see cref="CancellationTokenSource"/> per member
/// incarnation, cancelled when that incarnation becomes unreachable or is removed, so a request in flight to it ends at
/// once (StationUnreachable) instead of at its timeout. It also removes a removed member's directory entry, but only an
/// entry with that member's uid: a successor on the same name has written its own by then.
/// </summary>
public sealed class FleetViewActor : ReceiveActor
{
    private readonly FleetClusterOptions _options;
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly IActorRef _replicator = DistributedData.Get(Context.System).Replicator;
    private readonly FleetViewHolder _holder = FleetViewHolder.Get(Context.System);
    private readonly Dictionary<UniqueAddress, Member> _members = [];
    private readonly Dictionary<UniqueAddress, DateTimeOffset> _unreachableSince = [];
    private readonly Dictionary<UniqueAddress, CancellationTokenSource> _lost = [];
    private readonly Dictionary<UniqueAddress, (IActorRef ReaderManager, IActorRef PluginHost)> _refs = [];
    private IReadOnlyDictionary<string, DirectoryEntry> _directory = new Dictionary<string, DirectoryEntry>();

    public FleetViewActor(FleetClusterOptions options)
    {
        _options = options;
        Receive<CurrentClusterState>(state =>
        {
            foreach (var member in state.Members)
            {
                _members[member.UniqueAddress] = member;
            }

            foreach (var member in state.Unreachable)
            {
                MarkUnreachable(member.UniqueAddress);
            }

            Publish();
        });
        Receive<MemberRemoved>(removed =>
        {
            _members.Remove(removed.Member.UniqueAddress);
            _unreachableSince.Remove(removed.Member.UniqueAddress);
            _refs.Remove(removed.Member.UniqueAddress);
            CancelLost(removed.Member.UniqueAddress);
            RemoveDirectoryEntryOf(removed.Member);
            Publish();
        });
        Receive<IMemberEvent>(changed =>
        {
            _members[changed.Member.UniqueAddress] = changed.Member;
            Publish();
        });
        Receive<UnreachableMember>(unreachable =>
        {
            MarkUnreachable(unreachable.Member.UniqueAddress);
            Publish();
        });
        Receive<ReachableMember>(reachable =>
        {
            _unreachableSince.Remove(reachable.Member.UniqueAddress);
            Publish();
        });
        Receive<Changed>(changed =>
        {
            _directory = changed.Get(FleetDirectory.Key).Entries;
            Publish();
        });
        ReceiveAny(_ => { });
    }

    public static Props Props(FleetClusterOptions options) => Akka.Actor.Props.Create(() => new FleetViewActor(options));

    protected override void PreStart()
    {
        _cluster.Subscribe(Self, SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(IMemberEvent), typeof(IReachabilityEvent));
        _replicator.Tell(Dsl.Subscribe(FleetDirectory.Key, Self));
        Publish();
    }

    protected override void PostStop()
    {
        _cluster.Unsubscribe(Self);
        foreach (var address in _lost.Keys.ToList())
        {
            CancelLost(address);
        }
    }

    private void MarkUnreachable(UniqueAddress address)
    {
        _unreachableSince.TryAdd(address, DateTimeOffset.UtcNow);
        CancelLost(address);
    }

    /// <summary>Cancelled without blocking this actor: the callbacks (requests giving up) run on the thread pool. A
    /// cancelled source is dropped, not disposed, because requests may still read its token.</summary>
    private void CancelLost(UniqueAddress address)
    {
        if (_lost.Remove(address, out var source))
        {
            _ = source.CancelAsync();
        }
    }

    private void RemoveDirectoryEntryOf(Member member)
    {
        if (MemberRoles.NameOf(member) is not { } name || !_directory.TryGetValue(name, out var entry) || entry.Uid != member.UniqueAddress.Uid)
        {
            return;
        }

        var self = _cluster.SelfUniqueAddress;
        var uid = member.UniqueAddress.Uid;
        _replicator.Tell(Dsl.Update(FleetDirectory.Key, LWWDictionary<string, DirectoryEntry>.Empty, WriteLocal.Instance,
            directory => directory.TryGetValue(name, out var current) && current.Uid == uid ? directory.Remove(self, name) : directory));
    }

    private void Publish()
    {
        var now = DateTimeOffset.UtcNow;
        var built = FleetViewBuilder.Build(_options.StationName, Members(now), _directory, now);
        var byUid = new Dictionary<long, UniqueAddress>();
        foreach (var address in _members.Keys)
        {
            byUid.TryAdd(address.Uid, address);
        }

        var targets = new Dictionary<string, StationTarget>(StringComparer.Ordinal);
        foreach (var (name, member) in built.Members)
        {
            if (member is { IsSelf: false, Reachable: true, Role: NodeRole.Station } && byUid.TryGetValue(member.Uid, out var address)
                && FleetViewBuilder.StatusOf(member.Status, true) != StationStatus.Down)
            {
                var (readerManager, pluginHost) = RefsOf(address);
                targets[name] = new StationTarget(member.Uid, readerManager, pluginHost, LostOf(address));
            }
        }

        _holder.Publish(new FleetSnapshot(built.View, targets));
    }

    private IEnumerable<FleetMember> Members(DateTimeOffset now)
    {
        var self = _cluster.SelfUniqueAddress;
        var selfListed = false;
        foreach (var member in _members.Values)
        {
            if (MemberRoles.NameOf(member) is not { } name)
            {
                continue;
            }

            selfListed |= member.UniqueAddress.Equals(self);
            var unreachable = _unreachableSince.TryGetValue(member.UniqueAddress, out var since);
            yield return new FleetMember(name, member.Address.ToString(), member.UniqueAddress.Uid, MemberRoles.RoleOf(member.Roles),
                member.Status, !unreachable, unreachable ? since : null, member.UniqueAddress.Equals(self));
        }

        if (!selfListed)
        {
            yield return SelfBeforeJoining(_options, self, now);
        }
    }

    /// <summary>This node before membership lists it: itself, Joining.</summary>
    internal static FleetMember SelfBeforeJoining(FleetClusterOptions options, UniqueAddress self, DateTimeOffset now) =>
        new(options.StationName, self.Address.ToString(), self.Uid, options.Role, MemberStatus.Joining, true, null, true);

    private (IActorRef, IActorRef) RefsOf(UniqueAddress address)
    {
        if (!_refs.TryGetValue(address, out var refs))
        {
            var provider = ((ExtendedActorSystem)Context.System).Provider;
            var root = new RootActorPath(address.Address);
            refs = (provider.ResolveActorRef(root / "user" / _options.ReaderManagerName), provider.ResolveActorRef(root / "user" / _options.PluginHostName));
            _refs[address] = refs;
        }

        return refs;
    }

    private CancellationToken LostOf(UniqueAddress address)
    {
        if (!_lost.TryGetValue(address, out var source))
        {
            source = new CancellationTokenSource();
            _lost[address] = source;
        }

        return source.Token;
    }
}
