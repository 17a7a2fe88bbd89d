using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using SmartCardFleet.Cluster.Directory;
using SmartCardFleet.Cluster.Hosting;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Messaging;

namespace SmartCardFleet.Cluster.Events;

/// <summary>
/// Sends this station's own fleet events to the rest of the fleet: collects each IFleetEvent from the local EventStream
/// and publishes them on the <see cref="FleetClusterConfig.EventsTopic"/> topic as one <see cref="StationEventBatch"/>
/// at most <see cref="FlushAfter"/> after the first event of a batch, or at once when <see cref="MaxBatch"/> are waiting
/// (a burst of 2,500 ReaderAdded then costs a few messages, not 2,500). Order is kept: batches leave in order, and
/// DistributedPubSub keeps the order between one sender and one receiver. Nothing leaves before the name guard has let
/// the node in (<see cref="NameAccepted"/>): until then events are held (at most <see cref="MaxHeld"/>, the newest
/// dropped beyond), and a refused duplicate (<see cref="NameRefused"/>) drops them, so its events never reach the fleet
/// under the name of the station that holds it.
/// </summary>
public sealed class EventPublisher : ReceiveActor, IWithTimers
{
    public const int MaxBatch = 512;
    public static readonly TimeSpan FlushAfter = TimeSpan.FromMilliseconds(20);

    /// <summary>Events held while the name check is pending: the ReaderAdded of a large station's start, with room to spare.</summary>
    public const int MaxHeld = 20_000;

    private readonly string _station;
    private readonly IActorRef _mediator = DistributedPubSub.Get(Context.System).Mediator;
    private List<IFleetEvent> _pending = new(MaxBatch);

    public EventPublisher(string station)
    {
        _station = station;
        var held = new List<IFleetEvent>();
        Receive<IFleetEvent>(fleetEvent =>
        {
            if (held.Count < MaxHeld)
            {
                held.Add(fleetEvent);
            }
        });
        Receive<NameAccepted>(_ =>
        {
            Become(Publishing);
            foreach (var fleetEvent in held)
            {
                Add(fleetEvent);
            }

            held.Clear();
        });
        Receive<NameRefused>(_ =>
        {
            held.Clear();
            Become(() => ReceiveAny(_ => { }));
        });
    }

    private void Publishing()
    {
        Receive<IFleetEvent>(Add);
        Receive<FlushDue>(_ => Flush());
        Receive<NameAccepted>(_ => { });
        Receive<NameRefused>(_ =>
        {
            _pending.Clear();
            Become(() => ReceiveAny(_ => { }));
        });
    }

    private void Add(IFleetEvent fleetEvent)
    {
        _pending.Add(fleetEvent);
        if (_pending.Count >= MaxBatch)
        {
            Flush();
        }
        else if (_pending.Count == 1)
        {
            Timers.StartSingleTimer(FlushDue.Instance, FlushDue.Instance, FlushAfter);
        }
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Subscribe the created actor to IFleetEvent right after ActorOf (FleetClusterHostingExtensions does), not
    /// in PreStart, which runs later: the reader manager's first events would be lost in between.</summary>
    public static Props Props(string station) => Akka.Actor.Props.Create(() => new EventPublisher(station));

    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        Flush();
    }

    private void Flush()
    {
        Timers.Cancel(FlushDue.Instance);
        if (_pending.Count == 0)
        {
            return;
        }

        _mediator.Tell(new Publish(FleetClusterConfig.EventsTopic, new StationEventBatch(_station, _pending)));
        _pending = new List<IFleetEvent>(MaxBatch);
    }
}

internal sealed record FlushDue : ILocalOnlyMessage
{
    public static readonly FlushDue Instance = new();
}
