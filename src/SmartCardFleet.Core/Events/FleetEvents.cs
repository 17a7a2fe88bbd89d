using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Pcsc;
using SmartCardFleet.Core.Messaging;

namespace SmartCardFleet.Core.Events;

/// <summary>Marker of everything the station publishes on the ActorSystem EventStream. Subscribe to
/// <see cref="IFleetEvent"/> for all of them or to one record type. <see cref="ReaderId"/> is null only for
/// station-wide events (service lost/restored).</summary>
public interface IFleetEvent : IFleetWireMessage
{
    ReaderId? ReaderId { get; }

    DateTimeOffset Timestamp { get; }
}

/// <summary>A reader appeared in the PC/SC list and got an actor.</summary>
public sealed record ReaderAdded(ReaderId? ReaderId, string ReaderName, DateTimeOffset Timestamp) : IFleetEvent;

/// <summary>A reader left the PC/SC list; its actor was stopped and its handle released.</summary>
public sealed record ReaderRemoved(ReaderId? ReaderId, string ReaderName, DateTimeOffset Timestamp) : IFleetEvent;

/// <summary>The monitor saw a card arrive (or was already present at start). <paramref name="Mute"/> marks a card that
/// does not answer the reset (SCARD_STATE_MUTE): attaching it will fail until another card is inserted.</summary>
public sealed record CardInserted(ReaderId? ReaderId, byte[] Atr, int InsertionCounter, bool Mute, DateTimeOffset Timestamp)
    : IFleetEvent;

/// <summary>The monitor saw the card leave.</summary>
public sealed record CardRemoved(ReaderId? ReaderId, int InsertionCounter, DateTimeOffset Timestamp) : IFleetEvent;

/// <summary>A reader actor connected to the card (SCardConnect or an adopted handle).</summary>
public sealed record CardAttached(ReaderId? ReaderId, SessionId Session, CardProtocol Protocol, ShareMode ShareMode,
    byte[] Atr, DateTimeOffset Timestamp) : IFleetEvent;

/// <summary>A reader actor released its card handle; <paramref name="Reason"/> says why (request, removal, stop...).</summary>
public sealed record CardDetached(ReaderId? ReaderId, SessionId Session, CardDisposition Disposition, string Reason,
    DateTimeOffset Timestamp) : IFleetEvent;

/// <summary>The card was reset: card-side session state (selected applet, verified PIN, secure channel) is gone.
/// <see cref="Reason"/> says who reset it; <paramref name="Cause"/> is the PC/SC code that led to it (Success for a
/// reset by policy).</summary>
public sealed record CardReset(ReaderId? ReaderId, SessionId Session, PcscError Cause, DateTimeOffset Timestamp) : IFleetEvent
{
    public CardResetReason Reason { get; init; } = CardResetReason.ResetElsewhere;
}

/// <summary>Why a <see cref="CardReset"/> happened. Stable names: they travel to event-stream clients.</summary>
public enum CardResetReason
{
    /// <summary>Another process (or pcscd powering the card down) reset it; the actor acknowledged with Reconnect.</summary>
    ResetElsewhere,
    /// <summary>A command could not complete (SCARD_E_NOT_TRANSACTED) and the actor reset the card to a known state.</summary>
    Recovery,
    /// <summary>A caller's VERIFY (or another secret-bearing command) succeeded; the actor reset the card so the next
    /// caller finds no PIN verified (ReaderSettings.ResetAfterVerify, docs/security.md).</summary>
    SecurityStateCleared,
}

/// <summary>A reader met an error it cannot recover from by itself (config fault, crash, retries exhausted).</summary>
public sealed record ReaderFaulted(ReaderId? ReaderId, string Message, PcscError? Error, DateTimeOffset Timestamp) : IFleetEvent;

/// <summary>A transaction lease ran out; the PC/SC transaction was ended with <paramref name="Disposition"/>.</summary>
public sealed record TransactionExpired(ReaderId? ReaderId, TransactionId Transaction, string? Holder,
    CardDisposition Disposition, DateTimeOffset Timestamp) : IFleetEvent;

/// <summary>The PC/SC service went away; every reader actor was stopped and recovery with backoff started.</summary>
public sealed record ServiceLost(ReaderId? ReaderId, PcscError Error, DateTimeOffset Timestamp) : IFleetEvent;

/// <summary>The PC/SC service answers again; the readers' ReaderAdded and CardAttached events follow.</summary>
public sealed record ServiceRestored(ReaderId? ReaderId, int Attempts, DateTimeOffset Timestamp) : IFleetEvent;
