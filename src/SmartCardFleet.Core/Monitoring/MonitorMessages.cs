using SmartCardFleet.Pcsc;
using SmartCardFleet.Core.Messaging;

namespace SmartCardFleet.Core.Monitoring;

// What the monitor thread tells the manager. Every message carries the monitor's generation so the manager can
// drop late messages from a monitor it already replaced (after a service restart).

/// <summary>The full current reader list (after start, every PnP change, every poll and every UnknownReader abort).</summary>
internal sealed record ReadersListed(int Generation, IReadOnlyList<string> ReaderNames) : ILocalOnlyMessage;

/// <summary>A card is in <paramref name="ReaderName"/> (arrived, or already there on the first pass).</summary>
internal sealed record CardSeen(int Generation, string ReaderName, byte[] Atr, int Counter, bool Mute) : ILocalOnlyMessage;

/// <summary>The card left <paramref name="ReaderName"/>.</summary>
internal sealed record CardGoneSeen(int Generation, string ReaderName, int Counter) : ILocalOnlyMessage;

/// <summary>The monitor could not reach the service (establish or wait failed with a service-gone code) and stopped.</summary>
internal sealed record MonitorLostService(int Generation, PcscError Error) : ILocalOnlyMessage;

/// <summary>An unexpected error in the wait loop; the monitor backs off one poll interval and continues.</summary>
internal sealed record MonitorFault(int Generation, PcscError Error, string Operation) : ILocalOnlyMessage;
