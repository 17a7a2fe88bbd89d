using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using SmartCardFleet.Storage.Events;

namespace SmartCardFleet.Host.Events;

/// <summary>
/// The events a reconnecting client missed that the journal's ring no longer holds (it was restarted, or fell more
/// than the ring behind), read from the durable event window. The stream subscribes to the journal FIRST and only
/// then asks for the ids below the subscription's first delivered id: every event at or after that id comes live or
/// from the backlog, every event below it from here, so none is missing between the database and the live feed and
/// none is sent twice.
/// </summary>
public static class DurableEventReplay
{
    /// <summary>Events read from the database at once: the memory one reconnecting client can take.</summary>
    public const int PageSize = 256;

    /// <summary>How long to wait for the window's writer to store events of this run that already left the ring (it
    /// writes in batches); past it the stream goes on without them rather than stall (storage failing).</summary>
    public static readonly TimeSpan WriterCatchUp = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    /// <summary>Stored events with <paramref name="afterId"/> &lt; id &lt; <paramref name="beforeId"/>, oldest first, a page at a time.</summary>
    /// <param name="thisRunFirstId">Ids of this run are contiguous from here, so a hole among them is an event the writer has not stored yet.</param>
    public static async IAsyncEnumerable<FleetEventRecord> MissedAsync(IEventWindow window, long afterId, long beforeId, long thisRunFirstId,
        TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(time);
        var cursor = afterId;
        long? waitingSince = null;
        while (cursor < beforeId - 1)
        {
            var page = await window.ReadAfterAsync(cursor, PageSize, cancellationToken);
            foreach (var stored in page)
            {
                if (stored.Id >= beforeId)
                {
                    // The live part begins: the writer stores in id order, so nothing below it is still coming.
                    yield break;
                }

                if (stored.Id > cursor)
                {
                    cursor = stored.Id;
                    yield return ToRecord(stored);
                }
            }

            if (page.Count == PageSize)
            {
                continue;
            }

            // The database has nothing more for now. Only this run's ids are contiguous: if some of them below the live
            // part are missing, the writer has not stored them yet; an earlier run's events that are not stored are gone.
            if (beforeId - 1 < thisRunFirstId)
            {
                yield break;
            }

            waitingSince ??= time.GetTimestamp();
            if (time.GetElapsedTime(waitingSince.Value) >= WriterCatchUp)
            {
                yield break;
            }

            await Task.Delay(Poll, time, cancellationToken);
        }
    }

    private static FleetEventRecord ToRecord(StoredEvent stored) =>
        new(stored.Id, stored.Type, stored.ReaderId, stored.Timestamp, JsonNode.Parse(stored.DataJson) as JsonObject ?? [], stored.Station);
}
