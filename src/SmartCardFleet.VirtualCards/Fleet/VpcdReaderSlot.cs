namespace SmartCardFleet.VirtualCards.Fleet;

/// <summary>One reader of the fleet: the PC/SC name pcscd gives it and the TCP port a virtual card connects to.</summary>
/// <param name="Index">0–15, in reader-name order.</param>
/// <param name="Entry">Driver copy / reader configuration entry (0–7).</param>
/// <param name="Slot">Slot of that entry (0 or 1).</param>
/// <param name="ReaderName">e.g. "Virtual PCD 3 00 01".</param>
/// <param name="Port">vpcd listens here (on all interfaces); the card connects to 127.0.0.1.</param>
public sealed record VpcdReaderSlot(int Index, int Entry, int Slot, string ReaderName, int Port);
