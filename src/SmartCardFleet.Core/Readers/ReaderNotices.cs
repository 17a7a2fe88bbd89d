using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Pcsc;
using SmartCardFleet.Core.Messaging;

namespace SmartCardFleet.Core.Readers;

// Messages between the manager and its reader actors; not part of the public request API.

/// <summary>Manager → reader: the monitor saw a card (counter = the reader's insertion counter).</summary>
internal sealed record CardInsertedNotice(byte[] Atr, int Counter, bool Mute) : ILocalOnlyMessage;

/// <summary>Manager → reader: the monitor saw the card leave.</summary>
internal sealed record CardRemovedNotice(int Counter) : ILocalOnlyMessage;

/// <summary>Reader → manager: the PC/SC service answered with a service-gone code.</summary>
internal sealed record ReaderLostService(ReaderId ReaderId, PcscError Error) : ILocalOnlyMessage;

/// <summary>Reader → manager: the reader now holds (or no longer holds, when <paramref name="ShareMode"/> is null) a
/// card handle; the manager re-attaches these readers after a service restart.</summary>
internal sealed record ReaderAttachmentChanged(ReaderId ReaderId, ShareMode? ShareMode, CardProtocol Protocols) : ILocalOnlyMessage;

/// <summary>Reader → manager: a client chose auto-attach on or off (SetAutoAttach). The manager keeps the choice and
/// passes it in the Props when it re-creates the reader after service recovery.</summary>
internal sealed record ReaderAutoAttachChosen(ReaderId ReaderId, bool Enabled) : ILocalOnlyMessage;

/// <summary>Manager → reader: retire (the reader was unplugged, or the service is gone). The reader releases its
/// handle and context, answers every request with <paramref name="Reason"/> and stops itself after a grace period,
/// so a caller that took its ref from the routing snapshot still gets an answer.</summary>
internal sealed record StopReader(ReaderFailureReason Reason) : ILocalOnlyMessage
{
    public static readonly StopReader Unplugged = new(ReaderFailureReason.ReaderGone);

    public static readonly StopReader ServiceGone = new(ReaderFailureReason.ServiceUnavailable);
}

/// <summary>Manager → reader after service recovery: attach like before, the reply goes to the manager and is dropped.</summary>
internal sealed record Reattach(ShareMode ShareMode, CardProtocol Protocols) : ILocalOnlyMessage;
