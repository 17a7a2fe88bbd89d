using Akka.Actor;
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

/// <summary>Manager → reader: stop after answering what is already queued (a Context.Stop would drop queued requests
/// unanswered). The reader stops itself; its BackoffSupervisor then stops too.</summary>
internal sealed record StopReader : ILocalOnlyMessage
{
    public static readonly StopReader Instance = new();
}

/// <summary>Manager → reader after service recovery: attach like before, the reply goes to the manager and is dropped.</summary>
internal sealed record Reattach(ShareMode ShareMode, CardProtocol Protocols) : ILocalOnlyMessage;

/// <summary>Reader → manager: a call the manager had reported as blocked (ReaderBlocked) returned after
/// <paramref name="BlockedFor"/>.</summary>
internal sealed record BlockingCallEnded(ReaderId ReaderId, string Operation, TimeSpan BlockedFor) : ILocalOnlyMessage;

/// <summary>Reader → manager: a call that may wait for another process (SCardConnect, SCardBeginTransaction) starts, so
/// the manager watches the gauges until no such call is left (it runs no timer while none is: an idle station
/// schedules nothing, which lets Akka's scheduler stop ticking).</summary>
internal sealed record LockWaitStarted : ILocalOnlyMessage
{
    public static readonly LockWaitStarted Instance = new();
}

/// <summary>Reader → manager: this incarnation of the reader actor started (PreStart, <paramref name="Running"/>) or
/// stopped (PostStop), so the manager can keep its <see cref="ReaderDirectory"/> current. The gauge names the lineage:
/// a notice of a replaced lineage with the same id is ignored.</summary>
internal sealed record ReaderIncarnationChanged(ReaderId ReaderId, ReaderCallGauge Gauge, IActorRef Reader, bool Running) : ILocalOnlyMessage;
