using System.Collections.Immutable;
using Akka.Actor;

namespace SmartCardFleet.Core.Fleet;

/// <summary>
/// The in-process fast path: for every running ReaderManager of this ActorSystem, the immutable table
/// ReaderId → reader actor it last published. Managers publish a whole new table (on their own thread) whenever a
/// reader is added or removed; <see cref="ReaderRequests"/> reads the current one from any thread. Nothing else is
/// shared: a reader ref stays valid across crashes (the manager restarts readers in place), and a retiring reader
/// answers for a grace period, so a caller holding an older table still gets an answer.
/// </summary>
internal sealed class ReaderRoutes : IExtension
{
    private ImmutableDictionary<IActorRef, ImmutableDictionary<ReaderId, IActorRef>> _byManager =
        ImmutableDictionary<IActorRef, ImmutableDictionary<ReaderId, IActorRef>>.Empty;

    public static ReaderRoutes Get(ActorSystem system) => system.WithExtension<ReaderRoutes, Provider>();

    /// <summary>The reader actor of <paramref name="id"/> at <paramref name="manager"/>'s station, or null (unknown reader,
    /// manager not started, stopped or not in this process).</summary>
    public IActorRef? Find(IActorRef manager, ReaderId id) =>
        Volatile.Read(ref _byManager).TryGetValue(manager, out var readers) && readers.TryGetValue(id, out var reader) ? reader : null;

    /// <summary>Replaces <paramref name="manager"/>'s table (null removes it). Several managers may publish at once.</summary>
    public void Publish(IActorRef manager, ImmutableDictionary<ReaderId, IActorRef>? readers) =>
        ImmutableInterlocked.Update(ref _byManager, all => readers is null ? all.Remove(manager) : all.SetItem(manager, readers));

    private sealed class Provider : ExtensionIdProvider<ReaderRoutes>
    {
        public override ReaderRoutes CreateExtension(ExtendedActorSystem system) => new();
    }
}
