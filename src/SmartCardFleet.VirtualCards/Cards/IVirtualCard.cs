using SmartCardFleet.VirtualCards.Faults;

namespace SmartCardFleet.VirtualCards.Cards;

/// <summary>
/// An emulated smart card as both transports (the vpcd client and the simulated PC/SC) see it. Implementations
/// are thread-safe: the simulated PC/SC may call <see cref="Process"/> from several handles' threads.
/// </summary>
public interface IVirtualCard
{
    /// <summary>A short name of the personality for logs and fleet configuration, e.g. "iso7816-fs".</summary>
    string CardType { get; }

    /// <summary>The answer to reset (a copy; callers may keep it).</summary>
    byte[] Atr { get; }

    /// <summary>Faults this card plays; settable from any thread while the card is in use.</summary>
    CardFaults Faults { get; }

    /// <summary>Runs one command APDU and returns the response APDU (data followed by SW1 SW2).
    /// Never throws for a malformed command: that gets a status word like a real card would send.</summary>
    byte[] Process(ReadOnlySpan<byte> commandApdu);

    /// <summary>Cold start: volatile state (selection, verified PINs, pending response data) is lost.</summary>
    void PowerOn();

    void PowerOff();

    /// <summary>Warm reset: volatile state is lost, persistent data (files, NDEF content, retry counters) stays.</summary>
    void Reset();
}
