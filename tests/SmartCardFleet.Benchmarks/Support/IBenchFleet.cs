using SmartCardFleet.Pcsc;
using SmartCardFleet.VirtualCards.Cards;

namespace SmartCardFleet.Benchmarks.Support;

/// <summary>The PC/SC a figure runs on and the hands that put cards into its readers: the real pcscd fleet with vpcd
/// cards, or the in-process simulated PC/SC (smoke mode, and where the real fleet is not available).</summary>
public interface IBenchFleet : IAsyncDisposable
{
    /// <summary>"real" or "simulated" (used in the report and the JSON).</summary>
    string Kind { get; }

    string Description { get; }

    bool IsReal { get; }

    IPcscApi Api { get; }

    IReadOnlyList<string> ReaderNames { get; }

    /// <summary>The PC/SC service's process (pcscd) whose CPU time counts with ours, or null when PC/SC is in-process.</summary>
    int? ServiceProcessId { get; }

    /// <summary>Starts the insertion (vpcd: connects the card to the slot) without waiting for PC/SC to see it.</summary>
    Task InsertAsync(int reader, IVirtualCard card);

    /// <summary>Pulls the card (the real fleet returns once pcscd saw it gone, so the next insertion is a new card).</summary>
    Task RemoveAsync(int reader);
}
