namespace SmartCardFleet.Pcsc;

/// <summary>SCARD_SCOPE_*. pcsc-lite ignores the scope; Windows honours User and System.</summary>
public enum PcscScope
{
    User = 0,
    Terminal = 1,
    System = 2,
}

/// <summary>SCARD_SHARE_*, the same value on every platform.</summary>
public enum ShareMode
{
    Exclusive = 1,
    Shared = 2,
    Direct = 3,
}

/// <summary>SCARD_PROTOCOL_* as SmartCardFleet sees them. <see cref="Raw"/> is 0x4 here and in pcsc-lite;
/// the Windows binding maps it to 0x00010000.</summary>
[Flags]
public enum CardProtocol
{
    Undefined = 0,
    T0 = 0x1,
    T1 = 0x2,
    Raw = 0x4,
    T15 = 0x8,
    /// <summary>T0 | T1: what to ask for when any transmission protocol will do.</summary>
    Any = T0 | T1,
}

/// <summary>SCARD_LEAVE_CARD / RESET / UNPOWER / EJECT: what happens to the card on disconnect, end of
/// transaction or reconnect (where it is the initialisation: leave, warm reset, cold reset).</summary>
public enum CardDisposition
{
    Leave = 0,
    Reset = 1,
    Unpower = 2,
    Eject = 3,
}

/// <summary>SCARD_STATE_* flags of a reader in SCardGetStatusChange (the low 16 bits; the high 16 bits of the
/// raw value are the event counter). Identical on every platform.</summary>
[Flags]
public enum ReaderStateFlags : uint
{
    Unaware = 0,
    Ignore = 0x1,
    Changed = 0x2,
    Unknown = 0x4,
    Unavailable = 0x8,
    Empty = 0x10,
    Present = 0x20,
    AtrMatch = 0x40,
    Exclusive = 0x80,
    InUse = 0x100,
    Mute = 0x200,
    Unpowered = 0x400,
}

/// <summary>Card state from SCardStatus, normalised to the pcsc-lite bit flags (Windows returns an ordinal
/// 0–6, which the Windows binding converts).</summary>
[Flags]
public enum CardState
{
    None = 0,
    Unknown = 0x01,
    Absent = 0x02,
    Present = 0x04,
    Swallowed = 0x08,
    Powered = 0x10,
    Negotiable = 0x20,
    Specific = 0x40,
}
