using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Pcsc;
using SmartCardFleet.Core.Messaging;

namespace SmartCardFleet.Core.Readers;

/// <summary>Where a reader actor's state machine is.</summary>
public enum ReaderState
{
    /// <summary>No card in the reader.</summary>
    NoCard,
    /// <summary>A card is in the reader, no handle held.</summary>
    CardPresent,
    /// <summary>This actor holds a card handle.</summary>
    Attached,
    /// <summary>This actor holds a card handle inside a PC/SC transaction.</summary>
    InTransaction,
    /// <summary>An error the actor cannot fix by itself; requests fail until the actor is re-created.</summary>
    Faulted,
    /// <summary>The PC/SC service is gone; the station is recovering.</summary>
    ServiceLost,
    /// <summary>The actor has been waiting longer than <c>StationSettings.ForeignLockThreshold</c> inside SCardConnect or
    /// SCardBeginTransaction because another process holds the card's transaction (pcsc-lite waits without timeout).
    /// Only the manager reports this state (the actor cannot answer meanwhile); <see cref="ReaderSnapshot.Busy"/> says
    /// which call and for how long. Requests fail with <see cref="ReaderFailureReason.ForeignTransaction"/>.</summary>
    BlockedByForeignTransaction,
}

/// <summary>Immutable picture of one reader (seed: ISCard::get_Status, get_Atr, get_Protocol in one record).
/// The transaction is shown by its holder label only: the TransactionId is the holder's credential.</summary>
public sealed record ReaderSnapshot(
    ReaderId ReaderId,
    string ReaderName,
    ReaderState State,
    byte[]? Atr,
    CardProtocol? Protocol,
    ShareMode? ShareMode,
    SessionId? Session,
    int InsertionCounter,
    string? TransactionHolder,
    bool AutoAttach,
    ReaderFailure? LastError) : IFleetWireMessage
{
    /// <summary>Set only when the manager answered for the reader because its actor sits inside a long PC/SC call:
    /// the snapshot is the one taken when that call started.</summary>
    public ReaderBusy? Busy { get; init; }
}

/// <summary>The PC/SC call a reader actor is inside. <paramref name="ForeignLock"/> is true for SCardConnect /
/// SCardBeginTransaction waiting for another process's transaction, false for a slow card exchange (a long
/// command is legitimate and is not interrupted).</summary>
public sealed record ReaderBusy(string Operation, DateTimeOffset Since, TimeSpan Elapsed, bool ForeignLock);
