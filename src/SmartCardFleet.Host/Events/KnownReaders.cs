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
    /// <summary>Longest ATR kept (ISO 7816-3 allows 33 bytes; PC/SC reports up to 36).</summary>
    public const int MaxAtrBytes = 36;

    /// <summary>Reader id → the ATR of the card in it as hex, or "" when it has none (audit entries name the card by it).</summary>
    private readonly ConcurrentDictionary<string, string> _ids = new(StringComparer.Ordinal);

    public int Count => _ids.Count;

    public bool Contains(string readerId) => _ids.ContainsKey(readerId);

    /// <summary>The ATR (hex) of the card in the reader now, as its last CardInserted said; null without a card.</summary>
    public string? Atr(string readerId) => _ids.TryGetValue(readerId, out var atr) && atr.Length > 0 ? atr : null;

    public void Observe(IFleetEvent fleetEvent)
    {
        ArgumentNullException.ThrowIfNull(fleetEvent);
        switch (fleetEvent)
        {
            case ReaderAdded { ReaderId: { } id }:
                _ids[id.Value] = "";
                break;
            case CardInserted { ReaderId: { } id } inserted when _ids.ContainsKey(id.Value):
                _ids[id.Value] = Convert.ToHexString(inserted.Atr.AsSpan(0, Math.Min(inserted.Atr.Length, MaxAtrBytes)));
                break;
            case CardRemoved { ReaderId: { } id } when _ids.ContainsKey(id.Value):
                _ids[id.Value] = "";
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
