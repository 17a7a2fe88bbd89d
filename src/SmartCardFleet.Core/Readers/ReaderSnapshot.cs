using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Pcsc;

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
    ReaderFailure? LastError);
