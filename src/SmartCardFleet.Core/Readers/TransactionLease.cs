using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Readers;

/// <summary>
/// One open PC/SC transaction of a reader, as a lease: identified by <see cref="Id"/> (the holder's credential),
/// labelled by <see cref="Holder"/>, ended by the reader itself when <see cref="Expires"/> passes. Remembers whether any
/// card work ran inside it, because an expired lease with work is ended with a reset (the vanished holder may have
/// left a verified PIN or an open secure channel), one without work with LEAVE.
/// </summary>
internal sealed class TransactionLease(TransactionId id, string? holder, DateTimeOffset expires)
{
    public TransactionId Id { get; } = id;

    public string? Holder { get; } = holder;

    public DateTimeOffset Expires { get; } = expires;

    public bool Worked { get; private set; }

    /// <summary>What a status shows: the holder's label, else the id (never used for authorisation).</summary>
    public string Label => Holder ?? Id.ToString();

    public void MarkWork() => Worked = true;

    /// <summary>True when <paramref name="transaction"/> names this lease.</summary>
    public bool Is(TransactionId? transaction) => transaction == Id;

    /// <summary>How an expired lease is ended: <paramref name="configured"/> after work, LEAVE without.</summary>
    public CardDisposition DispositionOnExpiry(CardDisposition configured) => Worked ? configured : CardDisposition.Leave;
}
