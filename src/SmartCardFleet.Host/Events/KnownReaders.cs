using System.Collections.Concurrent;
using SmartCardFleet.Core.Events;

namespace SmartCardFleet.Host.Events;

/// <summary>
/// The readers the station manages now, as its fleet events tell (ReaderAdded/ReaderRemoved; a lost PC/SC service
/// removes them all until they are added again). Anything keyed by a reader id that a client can name — activity
/// events, metric labels — is recorded only for these, so ids a client invents cannot grow the journal or /metrics
/// (while PC/SC is down the manager answers every id, invented or not, with ServiceUnavailable).
/// </summary>
public sealed class KnownReaders
{
    private readonly ConcurrentDictionary<string, byte> _ids = new(StringComparer.Ordinal);

    public int Count => _ids.Count;

    public bool Contains(string readerId) => _ids.ContainsKey(readerId);

    public void Observe(IFleetEvent fleetEvent)
    {
        ArgumentNullException.ThrowIfNull(fleetEvent);
        switch (fleetEvent)
        {
            case ReaderAdded { ReaderId: { } id }:
                _ids[id.Value] = 0;
                break;
            case ReaderRemoved { ReaderId: { } id }:
                _ids.TryRemove(id.Value, out _);
                break;
            case ServiceLost:
                _ids.Clear();
                break;
            default:
                break;
        }
    }
}
