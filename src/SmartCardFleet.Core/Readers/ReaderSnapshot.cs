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
    /// The call runs on the reader's lock-wait thread, so the actor itself answers: <see cref="ReaderSnapshot.Busy"/> says
    /// which call and for how long. New requests fail with <see cref="ReaderFailureReason.ForeignTransaction"/>.</summary>
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
    /// <summary>Set while the reader waits in SCardConnect or SCardBeginTransaction (on its lock-wait thread); null otherwise.</summary>
    public ReaderBusy? Busy { get; init; }
}

/// <summary>The lock call a reader waits for (SCardConnect / SCardBeginTransaction, which wait while another process
/// holds the card's transaction). <paramref name="ForeignLock"/> is always true now: slow card exchanges run inline and
/// are not reported (kept for the HTTP contract).</summary>
public sealed record ReaderBusy(string Operation, DateTimeOffset Since, TimeSpan Elapsed, bool ForeignLock);
