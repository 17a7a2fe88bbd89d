namespace SmartCardFleet.Pcsc;

/// <summary>
/// What the failing call was made on. A few codes mean different things by context: INVALID_HANDLE on a context is a
/// lost service but on a card handle only a stale handle; NOT_TRANSACTED after the card was pulled is a lost card.
/// </summary>
public enum PcscCallKind
{
    /// <summary>No extra knowledge: the code's default class.</summary>
    Unspecified = 0,

    /// <summary>A call on a context (Establish, List, GetStatusChange, Cancel, Connect).</summary>
    Context,

    /// <summary>A call on a card handle (Transmit, Control, transactions, Status, attributes).</summary>
    Card,

    /// <summary>A call on a card handle whose reader already reported the card gone (EMPTY or a moved counter).</summary>
    CardRemoved,
}
