using Akka.Actor;

namespace SmartCardFleet.Core.Fleet;

/// <summary>
/// Asks one reader of a station by its <see cref="ReaderId"/>, as <c>Ask(ToReader(id, message))</c> to the manager
/// does, with the same answers: the reader's reply, or a <see cref="Readers.ReaderFailure"/>. In the manager's own
/// process the request goes straight to the reader actor (<see cref="ReaderDirectory"/>), which saves two thread
/// hand-offs per request. Meant for request/reply: a caller that awaits each answer before its next request keeps its
/// order whichever path each request takes.
/// </summary>
public sealed class ReaderRequests
{
    private readonly ReaderDirectories _directories;
    private ReaderDirectory? _directory;

    public ReaderRequests(ActorSystem system, IActorRef manager)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(manager);
        _directories = ReaderDirectories.Get(system);
        Manager = manager;
    }

    /// <summary>The station's ReaderManager (for fleet-wide requests, and the path of every request it routes).</summary>
    public IActorRef Manager { get; }

    public Task<object> AskAsync(ReaderId id, object message, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        message is not null && Directory()?.TryGetReader(id, out var reader) == true
            ? reader.Ask<object>(message, timeout, cancellationToken)
            : Manager.Ask<object>(new ToReader(id, message!), timeout, cancellationToken);

    private ReaderDirectory? Directory()
    {
        var directory = Volatile.Read(ref _directory);
        if (directory is null || directory.IsClosed)
        {
            directory = _directories.Find(Manager);
            Volatile.Write(ref _directory, directory);
        }

        return directory;
    }
}
