using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using SmartCardFleet.Cluster.Hosting;

namespace SmartCardFleet.Cluster.Events;

/// <summary>
/// Brings the other stations' events to this node: subscribes to the <see cref="FleetClusterConfig.EventsTopic"/> topic
/// and publishes every <see cref="StationEventBatch"/> of another station on the local EventStream (this node's own
/// batches are dropped: its events are on the EventStream already, as IFleetEvent). <see cref="Subscribed"/> tells
/// whether the mediator has confirmed the subscription (a spec waits for it before expecting remote events).
/// </summary>
public sealed class EventRelay : ReceiveActor
{
    private readonly string _self;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public EventRelay(string self)
    {
        _self = self;
        Receive<SubscribeAck>(_ =>
        {
            _log.Debug("subscribed to the fleet events topic");
            Subscribed = true;
        });
        Receive<StationEventBatch>(batch => !string.Equals(batch.Station, _self, StringComparison.Ordinal),
            batch => Context.System.EventStream.Publish(batch));
        Receive<StationEventBatch>(_ => { });
        Receive<IsSubscribed>(_ => Sender.Tell(Subscribed));
    }

    private bool Subscribed { get; set; }

    public static Props Props(string self) => Akka.Actor.Props.Create(() => new EventRelay(self));

    protected override void PreStart() =>
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(FleetClusterConfig.EventsTopic, Self));
}

/// <summary>Ask the relay whether its subscription is confirmed; it answers a bool.</summary>
public sealed record IsSubscribed : Core.Messaging.ILocalOnlyMessage
{
    public static readonly IsSubscribed Instance = new();
}
