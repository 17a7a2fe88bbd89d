namespace SmartCardFleet.Pcsc;

/// <summary>
/// What a PC/SC result means for supervision (docs/pcsc-notes.md §9, with the codes of each class). Reactions are
/// decided per class, never per code, so a new code only needs a row in <see cref="PcscErrorClassifier"/>.
/// </summary>
public enum PcscErrorClass
{
    /// <summary>SCARD_S_SUCCESS.</summary>
    None = 0,

    /// <summary>A wait ended by timeout or SCardCancel, or the user cancelled: loop or exit, not a fault.</summary>
    Expected,

    /// <summary>The resource manager is gone (crash, restart, Windows stopping it): rebuild every context.</summary>
    ServiceGone,

    /// <summary>The reader was unplugged or is unknown: stop that reader's actor, re-list.</summary>
    ReaderGone,

    /// <summary>The service runs but has no reader: not a fault, wait for PnP.</summary>
    NoReaders,

    /// <summary>The card left the reader (or never was there): disconnect, go to Empty.</summary>
    CardGone,

    /// <summary>Another handle reset the card: Reconnect(Leave), invalidate session state.</summary>
    CardReset,

    /// <summary>The card was powered down or data was lost on the wire: reconnect once, with a reset.</summary>
    Reconnect,

    /// <summary>The card does not answer (no ATR): report "unreadable", wait for the event counter to move.</summary>
    Mute,

    /// <summary>The card is present but cannot be used (unsupported, no provider).</summary>
    CardUnusable,

    /// <summary>Another process holds the card exclusively: back off, show "busy (foreign)".</summary>
    Sharing,

    /// <summary>Transient: not ready, server too busy, waited too long. Retry with backoff.</summary>
    Busy,

    /// <summary>The card or host denied access, or a PIN/CHV is wrong or blocked.</summary>
    Auth,

    /// <summary>File-system level results of the card services (file/dir not found, EOF, certificates).</summary>
    CardData,

    /// <summary>Card cache results (item not found, stale, too big).</summary>
    Cache,

    /// <summary>Installation or environment fault (unsupported reader, invalid ATR table, no redirection, polkit).</summary>
    Config,

    /// <summary>The caller used the API wrongly (bad parameter, buffer, protocol, no transaction).</summary>
    Programming,

    /// <summary>A handle is stale (the card handle outlived a daemon restart or its context): drop it, reconnect.</summary>
    StaleHandle,

    /// <summary>The platform, driver or card lacks the feature (both UNSUPPORTED_FEATURE values, read-only card).</summary>
    Unsupported,

    /// <summary>Internal failures of the resource manager (out of memory, unknown error).</summary>
    Fatal,
}
