using Akka.Actor;

namespace SmartCardFleet.Core.Fleet;

/// <summary>
/// Asks one reader of a station by its <see cref="ReaderId"/>, as <c>Ask(ToReader(id, message))</c> to the manager
/// does, with the same answers: the reader's reply, or a <see cref="Readers.ReaderFailure"/>. In the manager's own
/// process the request goes straight to the reader actor named by the manager's published routing table, which saves
/// two thread hand-offs per request; through the manager otherwise (unknown reader, service recovering, remote).
/// </summary>
public sealed class ReaderRequests
{
    private readonly ReaderRoutes _routes;

    public ReaderRequests(ActorSystem system, IActorRef manager)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(manager);
        _routes = ReaderRoutes.Get(system);
        Manager = manager;
    }

    /// <summary>The station's ReaderManager (for fleet-wide requests, and the path of every request it routes).</summary>
    public IActorRef Manager { get; }

    public Task<object> AskAsync(ReaderId id, object message, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        message is not null && _routes.Find(Manager, id) is { } reader
            ? reader.Ask<object>(message, timeout, cancellationToken)
            : Manager.Ask<object>(new ToReader(id, message!), timeout, cancellationToken);
}
