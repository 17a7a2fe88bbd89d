using System.Collections.Concurrent;
using Akka.Actor;

namespace SmartCardFleet.Core.Fleet;

/// <summary>Every running ReaderManager's <see cref="ReaderDirectory"/> in this ActorSystem, by the manager's ref, so
/// any code holding a manager ref can find the fast path without being handed more than that ref.</summary>
public sealed class ReaderDirectories : IExtension
{
    private readonly ConcurrentDictionary<IActorRef, ReaderDirectory> _byManager = new();

    public static ReaderDirectories Get(ActorSystem system) => system.WithExtension<ReaderDirectories, ReaderDirectoriesProvider>();

    /// <summary>The directory of <paramref name="manager"/>, or null (not started yet, stopped, or not in this process).</summary>
    public ReaderDirectory? Find(IActorRef manager) => _byManager.TryGetValue(manager, out var directory) ? directory : null;

    internal void Register(IActorRef manager, ReaderDirectory directory) => _byManager[manager] = directory;

    internal void Unregister(IActorRef manager, ReaderDirectory directory)
    {
        _byManager.TryRemove(new KeyValuePair<IActorRef, ReaderDirectory>(manager, directory));
        directory.Close();
    }

    private sealed class ReaderDirectoriesProvider : ExtensionIdProvider<ReaderDirectories>
    {
        public override ReaderDirectories CreateExtension(ExtendedActorSystem system) => new();
    }
}
