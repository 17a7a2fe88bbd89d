using System.Diagnostics;
using SmartCardFleet.Benchmarks.Support;
using SmartCardFleet.Host.Simulation;
using SmartCardFleet.VirtualCards.Cards;

namespace SmartCardFleet.Benchmarks.Soak;

/// <summary>
/// The soak's view of the 16 readers: which card type it put into each, whether that card is still in (a yank takes it
/// out by itself), and when a reader was last emptied. Only the storm changes it; the clients read the card types to
/// pick operations that fit (a stale read is harmless: the station answers 404/409 and the client goes on).
/// </summary>
internal sealed class SoakSlots
{
    private readonly RealBenchFleet _fleet;
    private readonly string?[] _types;
    private readonly IVirtualCard?[] _cards;
    private readonly long[] _emptiedAt;

    public SoakSlots(RealBenchFleet fleet, IReadOnlyList<string> readerIds)
    {
        _fleet = fleet;
        ReaderIds = readerIds;
        _types = new string?[readerIds.Count];
        _cards = new IVirtualCard?[readerIds.Count];
        _emptiedAt = new long[readerIds.Count];
    }

    public int Count => ReaderIds.Count;

    public IReadOnlyList<string> ReaderIds { get; }

    public IReadOnlyList<string> ReaderNames => _fleet.ReaderNames;

    public bool IsPresent(int reader) => _fleet.IsInserted(reader);

    /// <summary>The type of the card in the reader, or null when it is empty.</summary>
    public string? CardType(int reader) => IsPresent(reader) ? Volatile.Read(ref _types[reader]) : null;

    public IVirtualCard? Card(int reader) => IsPresent(reader) ? Volatile.Read(ref _cards[reader]) : null;

    public IEnumerable<int> Present => Enumerable.Range(0, Count).Where(IsPresent);

    /// <summary>Empty readers whose last card left at least <paramref name="delay"/> ago (pcscd has seen it go).</summary>
    public IEnumerable<int> Refillable(TimeSpan delay) => Enumerable.Range(0, Count)
        .Where(r => !IsPresent(r) && (_emptiedAt[r] == 0 || Stopwatch.GetElapsedTime(_emptiedAt[r]) >= delay));

    /// <summary>A fresh card of <paramref name="cardType"/> (serial from <paramref name="serial"/>), kept inserted
    /// across pcscd restarts. A card that left by a yank is cleaned up first.</summary>
    public async Task InsertAsync(int reader, string cardType, int serial)
    {
        await _fleet.RemoveAsync(reader);
        var card = VirtualCardCatalog.Create(cardType, [0x04, (byte)(serial >> 16), (byte)(serial >> 8), (byte)serial]);
        Volatile.Write(ref _types[reader], cardType);
        Volatile.Write(ref _cards[reader], card);
        await _fleet.InsertAsync(reader, card, keepInserted: true);
    }

    /// <summary>Pulls the card cleanly (waits until pcscd has seen the reader empty).</summary>
    public async Task RemoveAsync(int reader)
    {
        try
        {
            await _fleet.RemoveAsync(reader);
        }
        finally
        {
            MarkEmptied(reader);
        }
    }

    /// <summary>Notes that the reader's card left (by a yank) now, so it is not refilled before pcscd polled it.</summary>
    public void MarkEmptied(int reader) => _emptiedAt[reader] = Stopwatch.GetTimestamp();
}
