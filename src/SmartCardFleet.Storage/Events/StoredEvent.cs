namespace SmartCardFleet.Storage.Events;

/// <summary>A fleet event as the durable event window keeps it: the id clients resume from (Last-Event-ID), its type,
/// where it happened and its client-facing JSON data (already bounded by the host).</summary>
public sealed record StoredEvent(long Id, string Type, string? Station, string? ReaderId, DateTimeOffset Timestamp, string DataJson);

/// <summary>
/// The fleet events of a configurable window kept in the database, so an event-stream client that reconnects after a
/// restart of the station resumes from its Last-Event-ID without a gap. <see cref="Append"/> never blocks (a batching
/// writer stores the events); reads are bounded.
/// </summary>
public interface IEventWindow
{
    /// <summary>Queues <paramref name="stored"/> for writing; false when the queue is full.</summary>
    bool Append(StoredEvent stored);

    /// <summary>Events with ids above <paramref name="lastId"/>, oldest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<StoredEvent>> ReadAfterAsync(long lastId, int max, CancellationToken cancellationToken);

    /// <summary>The highest id this station has stored (0 when none): a restarted station numbers its events on from
    /// it, so ids stay unique and a client's Last-Event-ID still means the same event.</summary>
    Task<long> LastIdAsync(CancellationToken cancellationToken);
}
