namespace SmartCardFleet.Pcsc;

/// <summary>
/// One reader in a SCardGetStatusChange call: the managed twin of SCARD_READERSTATE. The caller sets
/// <see cref="CurrentState"/> (the whole raw value, event counter included) and the implementation fills
/// <see cref="EventState"/> and <see cref="Atr"/>. Call <see cref="Acknowledge"/> to feed the event state back
/// as the next current state, which is how no insert/remove pair is missed.
/// </summary>
public sealed class ReaderStateEntry(string readerName, uint currentState = 0)
{
    /// <summary>The reader's PnP pseudo-name: an entry with it wakes the wait when readers come or go.</summary>
    public const string PnpNotification = @"\\?PnP?\Notification";

    public string ReaderName { get; } = readerName;

    /// <summary>Raw SCARD_STATE value the caller believes is current (flags in the low 16 bits, counter above).</summary>
    public uint CurrentState { get; set; } = currentState;

    /// <summary>Raw SCARD_STATE value reported by the last call.</summary>
    public uint EventState { get; set; }

    /// <summary>ATR of the card in the reader as reported by the last call (empty when none).</summary>
    public byte[] Atr { get; set; } = [];

    /// <summary>State flags of <see cref="EventState"/>, masked with 0xFFFF.</summary>
    public ReaderStateFlags EventFlags => (ReaderStateFlags)(EventState & 0xFFFF);

    /// <summary>State flags of <see cref="CurrentState"/>, masked with 0xFFFF.</summary>
    public ReaderStateFlags CurrentFlags => (ReaderStateFlags)(CurrentState & 0xFFFF);

    /// <summary>pcsc-lite's per-reader insertion/removal counter (upper 16 bits; wraps at 0xFFFF).
    /// For the PnP entry, pcsc-lite ≥ 2.3 counts reader events and Windows reports the reader count.</summary>
    public int EventCounter => (int)(EventState >> 16);

    /// <summary>Counter part of <see cref="CurrentState"/>.</summary>
    public int CurrentCounter => (int)(CurrentState >> 16);

    public bool IsPnp => string.Equals(ReaderName, PnpNotification, StringComparison.OrdinalIgnoreCase);

    /// <summary>Takes the last event state (counter included) as the new current state.</summary>
    public void Acknowledge() => CurrentState = EventState & ~(uint)ReaderStateFlags.Changed;

    public override string ToString() =>
        $"{ReaderName}: current {CurrentFlags}#{CurrentCounter}, event {EventFlags}#{EventCounter}, ATR {Convert.ToHexString(Atr)}";
}
