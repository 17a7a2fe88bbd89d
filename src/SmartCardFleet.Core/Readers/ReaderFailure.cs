using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Pcsc;
using SmartCardFleet.Core.Messaging;

namespace SmartCardFleet.Core.Readers;

/// <summary>Why a reader request failed. Stable names: they travel to HTTP clients and across the cluster.</summary>
public enum ReaderFailureReason
{
    /// <summary>No card in the reader.</summary>
    NoCard,
    /// <summary>The command needs an attached card; send Attach first.</summary>
    NotAttached,
    /// <summary>Attach while a card handle is already held; Detach first.</summary>
    AlreadyAttached,
    /// <summary>The reader was unplugged or its actor is stopped or restarting.</summary>
    ReaderGone,
    /// <summary>The card left the reader during or before the request; the next insertion starts a fresh session.</summary>
    CardGone,
    /// <summary>Another process holds the card exclusively (SCARD_E_SHARING_VIOLATION).</summary>
    SharingViolation,
    /// <summary>A transaction held by someone else blocks the request and the wait queue is full, or the request
    /// named a transaction that is not the current one.</summary>
    BusyInTransaction,
    /// <summary>The handle is not a live handle of this reader (AttachByHandle) or the card handle went stale.</summary>
    InvalidHandle,
    /// <summary>The PC/SC service is down; the station is recovering.</summary>
    ServiceUnavailable,
    /// <summary>No answer within the allowed time (queries, WaitForCard).</summary>
    Timeout,
    /// <summary>The request itself is malformed (APDU length, lease length, unknown transaction...).</summary>
    InvalidRequest,
    /// <summary>The reader or card does not support the operation (e.g. Eject without a mechanism).</summary>
    Unsupported,
    /// <summary>The card does not answer (SCARD_W_UNRESPONSIVE_CARD / MUTE); insert another card.</summary>
    CardMute,
    /// <summary>No reader with the given ReaderId on this station.</summary>
    UnknownReader,
    /// <summary>Any other PC/SC error; see <see cref="ReaderFailure.Error"/>.</summary>
    PcscError,
    /// <summary>The reader actor has been waiting longer than <c>StationSettings.ForeignLockThreshold</c> in
    /// SCardConnect or SCardBeginTransaction because another process holds the card's transaction; the message names
    /// the call and for how long. Retry later; requests sent before the threshold are served once the lock is free.</summary>
    ForeignTransaction,
    /// <summary>The request named a transaction that is no longer open on this reader: it ended, its lease expired, or the
    /// card was pulled or reset under it. A state conflict for its holder (the transaction was valid when begun), not bad
    /// input.</summary>
    TransactionEnded,
    /// <summary>The reader belongs to another station of the fleet that is unreachable now (or became unreachable while
    /// the request was in flight, so it may or may not have run). Answered at once, without waiting for a timeout.</summary>
    StationUnreachable,
}

/// <summary>The one failure reply of every reader request. <see cref="Error"/> carries the PC/SC code when there was one.</summary>
public sealed record ReaderFailure(ReaderId? ReaderId, ReaderFailureReason Reason, string Message, PcscError? Error = null)
    : IFleetWireMessage
{
    /// <summary>The message of every ServiceUnavailable answer while the station recovers (manager and readers alike).</summary>
    internal const string ServiceGoneMessage = "the PC/SC service is gone; the station is recovering";

    /// <summary>Holder label of the transaction that blocked the request (only for <see cref="ReaderFailureReason.BusyInTransaction"/>).</summary>
    public string? TransactionHolder { get; init; }

    public override string ToString() =>
        $"{Reason} on {ReaderId?.Value ?? "station"}: {Message}{(Error is { } e ? $" ({e}, 0x{(uint)e:X8})" : "")}";
}
