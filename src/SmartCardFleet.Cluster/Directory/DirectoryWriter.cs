using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using SmartCardFleet.Cluster.Topology;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Messaging;

namespace SmartCardFleet.Cluster.Directory;

/// <summary>
/// Keeps this node's entry in the replicated directory. A station's writer follows its own ReaderAdded/ReaderRemoved
/// (and ServiceLost, which retires every reader without a ReaderRemoved each) on the local EventStream from the moment it
/// starts, but writes nothing until the name guard has let the node in (<see cref="NameAccepted"/>); then it writes at
/// once and after that at most every <see cref="WriteInterval"/>, so a burst of 2,500 ReaderAdded is one write, not 2,500.
/// If the directory ever shows another entry (or none) under this node's name while it is in, it writes its own again:
/// a refused duplicate may have overwritten it before stepping back. A console's entry has no readers: it is there so
/// the console's version shows. Writes are local; Akka's gossip spreads them.
/// </summary>
public sealed class DirectoryWriter : ReceiveActor, IWithTimers
{
    public static readonly TimeSpan WriteInterval = TimeSpan.FromMilliseconds(200);

    private readonly FleetClusterOptions _options;
    private readonly SortedDictionary<ReaderId, string> _readers = new(Comparer<ReaderId>.Create((a, b) => string.CompareOrdinal(a.Value, b.Value)));
    private readonly IActorRef _replicator = DistributedData.Get(Context.System).Replicator;
    private readonly UniqueAddress _self = Akka.Cluster.Cluster.Get(Context.System).SelfUniqueAddress;
    private bool _accepted;
    private bool _dirty = true;

    public DirectoryWriter(FleetClusterOptions options)
    {
        _options = options;
        Receive<ReaderAdded>(added => Changed(() => _readers[added.ReaderId.GetValueOrDefault()] = added.ReaderName), added => added.ReaderId is not null);
        Receive<ReaderRemoved>(removed => Changed(() => _readers.Remove(removed.ReaderId.GetValueOrDefault())), removed => removed.ReaderId is not null);
        Receive<ServiceLost>(_ => Changed(_readers.Clear));
        Receive<NameAccepted>(_ =>
        {
            _accepted = true;
            Write();
        });
        Receive<Akka.DistributedData.Changed>(changed =>
        {
            var directory = changed.Get(FleetDirectory.Key);
            if (_accepted && !(directory.TryGetValue(_options.StationName, out var entry) && entry.Uid == _self.Uid))
            {
                Changed(() => { });
            }
        });
        Receive<WriteDue>(_ => Write());
        Receive<NameRefused>(_ => StepBack());
        Receive<UpdateSuccess>(_ => { });
        Receive<IUpdateFailure>(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(FleetClusterOptions options) => Akka.Actor.Props.Create(() => new DirectoryWriter(options));

    /// <summary>A station's writer is subscribed to ReaderAdded, ReaderRemoved and ServiceLost by whoever creates it, right
    /// after ActorOf (<see cref="FleetClusterHostingExtensions"/>), not here: PreStart runs later, on the actor's own turn,
    /// and a ReaderAdded published in between would be lost, its reader missing from the directory.</summary>
    protected override void PreStart() => _replicator.Tell(Dsl.Subscribe(FleetDirectory.Key, Self));

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private void Changed(Action apply)
    {
        apply();
        _dirty = true;
        if (_accepted && !Timers.IsTimerActive(WriteDue.Instance))
        {
            Timers.StartSingleTimer(WriteDue.Instance, WriteDue.Instance, WriteInterval);
        }
    }

    private void Write()
    {
        if (!_dirty)
        {
            return;
        }

        _dirty = false;
        var entry = new DirectoryEntry(_options.StationName, _self.Address.ToString(), _self.Uid, _options.Role, _options.SoftwareVersion,
            [.. _readers.Select(r => new DirectoryReader(r.Key, r.Value))]);
        var self = _self;
        var name = _options.StationName;
        _replicator.Tell(Dsl.Update(FleetDirectory.Key, LWWDictionary<string, DirectoryEntry>.Empty, WriteLocal.Instance,
            directory => directory.SetItem(self, name, entry)));
    }

    /// <summary>A refused duplicate writes nothing more and takes back an entry of its own incarnation, if it wrote one.</summary>
    private void StepBack()
    {
        var self = _self;
        var name = _options.StationName;
        _replicator.Tell(Dsl.Update(FleetDirectory.Key, LWWDictionary<string, DirectoryEntry>.Empty, WriteLocal.Instance,
            directory => directory.TryGetValue(name, out var entry) && entry.Uid == self.Uid ? directory.Remove(self, name) : directory));
        Become(() => ReceiveAny(_ => { }));
    }
}

/// <summary>From the name guard: no older reachable member has this node's name, so its entry may be written.</summary>
public sealed record NameAccepted : ILocalOnlyMessage
{
    public static readonly NameAccepted Instance = new();
}

/// <summary>From the name guard: an older reachable member has this node's name; this node leaves.</summary>
public sealed record NameRefused : ILocalOnlyMessage
{
    public static readonly NameRefused Instance = new();
}

/// <summary>The write interval has passed since the last write.</summary>
internal sealed record WriteDue : ILocalOnlyMessage
{
    public static readonly WriteDue Instance = new();
}
