using Akka.Actor;

namespace SmartCardFleet.Cluster.View;

/// <summary>The ActorSystem's current <see cref="FleetSnapshot"/>: written by the view actor, read by any thread
/// (a volatile reference to an immutable snapshot, so readers never lock and never see half a view).</summary>
public sealed class FleetViewHolder : IExtension
{
    private FleetSnapshot? _current;

    public FleetSnapshot? Current => Volatile.Read(ref _current);

    public static FleetViewHolder Get(ActorSystem system) => system.WithExtension<FleetViewHolder, FleetViewHolderProvider>();

    public void Publish(FleetSnapshot snapshot) => Volatile.Write(ref _current, snapshot ?? throw new ArgumentNullException(nameof(snapshot)));

    /// <summary>Sets <paramref name="snapshot"/> unless the view actor published one already.</summary>
    public void PublishIfEmpty(FleetSnapshot snapshot) => Interlocked.CompareExchange(ref _current, snapshot, null);
}

public sealed class FleetViewHolderProvider : ExtensionIdProvider<FleetViewHolder>
{
    public override FleetViewHolder CreateExtension(ExtendedActorSystem system) => new();
}
