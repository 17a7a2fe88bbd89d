using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Messaging;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Readers;

/// <summary>A request a reader actor answers (success record or <see cref="ReaderFailure"/>). Requests that act on the
/// card carry an optional <see cref="Transaction"/>: while a transaction is open, only requests carrying its id run,
/// the others wait (stashed, bounded) until it ends or its lease expires.</summary>
public interface IReaderRequest
{
    TransactionId? Transaction { get; }
}

/// <summary>Any message a reader actor answers, naming its success reply: the reader answers <typeparamref name="TReply"/>
/// or a <see cref="ReaderFailure"/>, nothing else.</summary>
public interface IReaderMessage<TReply>
    where TReply : class;

/// <summary>A card request (see <see cref="IReaderRequest"/>) whose success reply is <typeparamref name="TReply"/>.</summary>
public interface IReaderRequest<TReply> : IReaderRequest, IReaderMessage<TReply>
    where TReply : class;

/// <summary>Connect to the card (SCardConnect). Seed: ISCard::AttachByReader / ISCardManage::AttachByIFD.</summary>
public sealed record Attach(ShareMode ShareMode = ShareMode.Shared, CardProtocol Protocols = CardProtocol.Any) : IReaderRequest<Attached>, IFleetWireMessage
{
    public TransactionId? Transaction => null;
}

/// <summary>Reply to <see cref="Attach"/> and <see cref="AttachByHandle"/>.</summary>
public sealed record Attached(ReaderId ReaderId, SessionId Session, CardProtocol Protocol, ShareMode ShareMode, byte[] Atr) : IFleetWireMessage;

/// <summary>Adopt a card handle connected elsewhere in this process through the same IPcscApi. The actor checks with
/// SCardStatus that it is live and belongs to this reader; otherwise it answers InvalidHandle and does not take it.
/// From then on the actor owns the handle and disconnects it. <paramref name="ShareMode"/> is what the handle was
/// connected with (PC/SC cannot tell).</summary>
public sealed record AttachByHandle(nint Handle, ShareMode ShareMode = ShareMode.Shared) : IReaderRequest<Attached>, ILocalOnlyMessage
{
    public TransactionId? Transaction => null;
}

/// <summary>Disconnect (SCardDisconnect). Eject is refused up front when the reader reports no eject mechanism.</summary>
public sealed record Detach(CardDisposition Disposition = CardDisposition.Leave, TransactionId? Transaction = null) : IReaderRequest<Detached>, IFleetWireMessage;

/// <summary>Reply to <see cref="Detach"/>.</summary>
public sealed record Detached(ReaderId ReaderId, SessionId Session, CardDisposition Disposition) : IFleetWireMessage;

/// <summary>SCardReconnect: <paramref name="Initialization"/> Leave = acknowledge only, Reset = warm, Unpower = cold reset.</summary>
public sealed record Reconnect(
    ShareMode ShareMode = ShareMode.Shared,
    CardProtocol Protocols = CardProtocol.Any,
    CardDisposition Initialization = CardDisposition.Leave,
    TransactionId? Transaction = null) : IReaderRequest<Reconnected>, IFleetWireMessage;

/// <summary>Reply to <see cref="Reconnect"/>; <paramref name="Atr"/> is read again because a reset may change it.</summary>
public sealed record Reconnected(ReaderId ReaderId, SessionId Session, CardProtocol Protocol, byte[] Atr) : IFleetWireMessage;

/// <summary>One APDU (4..65544 bytes: header plus extended Lc, data and Le). Seed: ISCard::Transaction.</summary>
public sealed record Transmit(byte[] Command, TransactionId? Transaction = null) : IReaderRequest<Transmitted>, IFleetWireMessage
{
    public const int MinLength = 4;
    public const int MaxLength = 65544;
}

/// <summary>Reply to <see cref="Transmit"/>: response data without the status word, the status word, and how long
/// the card took.</summary>
public sealed record Transmitted(ReaderId ReaderId, byte[] Data, ushort StatusWord, TimeSpan Elapsed) : IFleetWireMessage
{
    public byte Sw1 => (byte)(StatusWord >> 8);

    public byte Sw2 => (byte)StatusWord;
}

/// <summary>SCardControl with a function number (e.g. 3400 = GET_FEATURE_REQUEST; the platform encoding is applied below).</summary>
public sealed record Control(uint ControlCode, byte[] Data, TransactionId? Transaction = null) : IReaderRequest<ControlResponse>, IFleetWireMessage
{
    public const int MaxLength = 65536;
}

/// <summary>Reply to <see cref="Control"/>.</summary>
public sealed record ControlResponse(ReaderId ReaderId, uint ControlCode, byte[] Data) : IFleetWireMessage;

/// <summary>SCardGetAttrib (e.g. 0x00010120 SCARD_ATTR_VENDOR_IFD_TYPE, 0x00060140 characteristics).</summary>
public sealed record GetAttribute(uint AttributeId, TransactionId? Transaction = null) : IReaderRequest<AttributeValue>, IFleetWireMessage;

/// <summary>Reply to <see cref="GetAttribute"/>.</summary>
public sealed record AttributeValue(ReaderId ReaderId, uint AttributeId, byte[] Value) : IFleetWireMessage;

/// <summary>SCardBeginTransaction with a lease: if the holder does not end it within <paramref name="MaxHold"/>, the actor
/// ends it itself so a vanished requester cannot lock the reader. <paramref name="Holder"/> is a label for logs and
/// status (never used for authorisation).</summary>
public sealed record BeginTransaction(TimeSpan MaxHold, string? Holder = null) : IReaderRequest<TransactionBegun>, IFleetWireMessage
{
    public TransactionId? Transaction => null;
}

/// <summary>Reply to <see cref="BeginTransaction"/>.</summary>
public sealed record TransactionBegun(ReaderId ReaderId, TransactionId Transaction, DateTimeOffset LeaseExpires) : IFleetWireMessage;

/// <summary>SCardEndTransaction for the transaction with this id.</summary>
public sealed record EndTransaction(TransactionId Id, CardDisposition Disposition = CardDisposition.Leave) : IReaderRequest<TransactionEnded>, IFleetWireMessage
{
    public TransactionId? Transaction => Id;
}

/// <summary>Reply to <see cref="EndTransaction"/>.</summary>
public sealed record TransactionEnded(ReaderId ReaderId, TransactionId Transaction, CardDisposition Disposition) : IFleetWireMessage;

/// <summary>Ask for a <see cref="ReaderSnapshot"/>; answered in every state, also during someone else's transaction.</summary>
public sealed record GetStatus : IReaderMessage<ReaderSnapshot>, IFleetWireMessage
{
    public static readonly GetStatus Instance = new();
}

/// <summary>Turn auto-attach (attach on insertion, detach on removal) on or off for this reader; answered with
/// <see cref="AutoAttachChanged"/>.</summary>
public sealed record SetAutoAttach(bool Enabled) : IReaderMessage<AutoAttachChanged>, IFleetWireMessage;

/// <summary>Reply to <see cref="SetAutoAttach"/>.</summary>
public sealed record AutoAttachChanged(ReaderId ReaderId, bool Enabled) : IFleetWireMessage;

/// <summary>Several APDUs in one message, so a batch crosses to the reader's thread once instead of once per APDU. They
/// run in order; the first PC/SC failure stops the batch (a status word such as 6A82 is an answer, not a failure, and
/// does not). <paramref name="Atomic"/> wraps the batch in a PC/SC transaction of its own (SCardBeginTransaction before
/// the first APDU, SCardEndTransaction with LEAVE after the last or the failure), so no other process interleaves;
/// <paramref name="Transaction"/> runs it inside a transaction the caller already holds instead. Both at once is
/// refused as bad input.</summary>
public sealed record TransmitBatch(IReadOnlyList<byte[]> Commands, TransactionId? Transaction = null, bool Atomic = false)
    : IReaderRequest<BatchTransmitted>, IFleetWireMessage
{
    /// <summary>Most APDUs in one batch: a batch must not hold a reader for long.</summary>
    public const int MaxCommands = 256;

    /// <summary>Most command bytes in one batch (256 KiB).</summary>
    public const int MaxBytes = 256 * 1024;
}

/// <summary>Reply to <see cref="TransmitBatch"/>: the responses of the APDUs that ran, in order, and when the batch
/// stopped early, which APDU failed and why (<see cref="FailedIndex"/> = <c>Responses.Count</c>).</summary>
public sealed record BatchTransmitted(ReaderId ReaderId, IReadOnlyList<Transmitted> Responses, ReaderFailure? Failure = null)
    : IFleetWireMessage
{
    /// <summary>Index of the APDU that failed, or null when every APDU ran.</summary>
    public int? FailedIndex => Failure is null ? null : Responses.Count;
}
