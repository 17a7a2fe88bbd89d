using System.Collections.Frozen;
using C = SmartCardFleet.Pcsc.PcscErrorClass;
using E = SmartCardFleet.Pcsc.PcscError;

namespace SmartCardFleet.Pcsc;

/// <summary>
/// The one table every PC/SC code is described and classified from (docs/pcsc-notes.md §9). A table, not a switch:
/// pcsc-sharp's <c>case Shutdown | InvalidHandleWindows</c> OR-ed two codes into a third (same section). Tests check
/// that every <see cref="PcscError"/> has exactly one row.
/// </summary>
internal static class PcscErrorTable
{
    public static readonly IReadOnlyList<PcscErrorInfo> Rows =
    [
        new(E.Success, "SCARD_S_SUCCESS", C.None, "the call succeeded"),
        new(E.InvalidHandleWin32, "ERROR_INVALID_HANDLE", C.ServiceGone, "the handle is invalid after a service restart or remote-session change"),
        new(E.BrokenPipe, "ERROR_BROKEN_PIPE", C.Config, "the remote session has no smart-card redirection"),
        new(E.InsufficientBufferWin32, "ERROR_INSUFFICIENT_BUFFER", C.Programming, "the receive buffer is too small (often a wrong Le)"),
        new(E.InternalError, "SCARD_F_INTERNAL_ERROR", C.Fatal, "an internal consistency check failed"),
        new(E.Cancelled, "SCARD_E_CANCELLED", C.Expected, "the action was cancelled by SCardCancel"),
        new(E.InvalidHandle, "SCARD_E_INVALID_HANDLE", C.StaleHandle, "the supplied handle is invalid"),
        new(E.InvalidParameter, "SCARD_E_INVALID_PARAMETER", C.Programming, "a parameter could not be interpreted"),
        new(E.InvalidTarget, "SCARD_E_INVALID_TARGET", C.Config, "the registry startup information is missing or invalid"),
        new(E.NoMemory, "SCARD_E_NO_MEMORY", C.Fatal, "not enough memory to complete the command"),
        new(E.WaitedTooLong, "SCARD_F_WAITED_TOO_LONG", C.Busy, "an internal wait timed out"),
        new(E.InsufficientBuffer, "SCARD_E_INSUFFICIENT_BUFFER", C.Programming, "the data buffer is too small for the returned data"),
        new(E.UnknownReader, "SCARD_E_UNKNOWN_READER", C.ReaderGone, "the reader name is not recognised (unplugged?)"),
        new(E.Timeout, "SCARD_E_TIMEOUT", C.Expected, "the timeout expired"),
        new(E.SharingViolation, "SCARD_E_SHARING_VIOLATION", C.Sharing, "another connection holds the card exclusively"),
        new(E.NoSmartcard, "SCARD_E_NO_SMARTCARD", C.CardGone, "there is no card in the reader"),
        new(E.UnknownCard, "SCARD_E_UNKNOWN_CARD", C.Config, "the card name is not recognised"),
        new(E.CantDispose, "SCARD_E_CANT_DISPOSE", C.Unsupported, "the reader cannot dispose of the card as requested"),
        new(E.ProtoMismatch, "SCARD_E_PROTO_MISMATCH", C.Programming, "the requested protocol is not the card's active one"),
        new(E.NotReady, "SCARD_E_NOT_READY", C.Busy, "the reader or card is not ready"),
        new(E.InvalidValue, "SCARD_E_INVALID_VALUE", C.Programming, "a parameter value is out of range"),
        new(E.SystemCancelled, "SCARD_E_SYSTEM_CANCELLED", C.ServiceGone, "the system cancelled the action (logoff, shutdown, session change)"),
        new(E.CommError, "SCARD_F_COMM_ERROR", C.ServiceGone, "communication with the resource manager failed (daemon gone?)"),
        new(E.UnknownError, "SCARD_F_UNKNOWN_ERROR", C.Fatal, "an unknown internal error occurred"),
        new(E.InvalidAtr, "SCARD_E_INVALID_ATR", C.Config, "an ATR from the database is malformed"),
        new(E.NotTransacted, "SCARD_E_NOT_TRANSACTED", C.Programming, "no transaction was held, the lock was lost or the command could not complete"),
        new(E.ReaderUnavailable, "SCARD_E_READER_UNAVAILABLE", C.ReaderGone, "the reader is no longer available"),
        new(E.Shutdown, "SCARD_P_SHUTDOWN", C.ServiceGone, "the resource manager is shutting down"),
        new(E.PciTooSmall, "SCARD_E_PCI_TOO_SMALL", C.Programming, "the PCI receive buffer is too small"),
        new(E.ReaderUnsupported, "SCARD_E_READER_UNSUPPORTED", C.Config, "the reader driver does not meet minimal requirements"),
        new(E.DuplicateReader, "SCARD_E_DUPLICATE_READER", C.Config, "the reader driver did not produce a unique reader name"),
        new(E.CardUnsupported, "SCARD_E_CARD_UNSUPPORTED", C.CardUnusable, "the card does not meet minimal requirements"),
        new(E.NoService, "SCARD_E_NO_SERVICE", C.ServiceGone, "the smart-card resource manager is not running"),
        new(E.ServiceStopped, "SCARD_E_SERVICE_STOPPED", C.ServiceGone, "the resource manager stopped (pcsc-lite: client/daemon protocol mismatch)"),
        new(E.Unexpected, "SCARD_E_UNEXPECTED", C.Unsupported, "unexpected card error or unsupported feature (pcsc-lite uses this value for both)"),
        new(E.IccInstallation, "SCARD_E_ICC_INSTALLATION", C.Config, "no primary provider for the card"),
        new(E.IccCreateOrder, "SCARD_E_ICC_CREATEORDER", C.CardUnusable, "the requested creation order is not supported"),
        new(E.UnsupportedFeature, "SCARD_E_UNSUPPORTED_FEATURE", C.Unsupported, "the feature is not supported"),
        new(E.DirNotFound, "SCARD_E_DIR_NOT_FOUND", C.CardData, "the directory does not exist on the card"),
        new(E.FileNotFound, "SCARD_E_FILE_NOT_FOUND", C.CardData, "the file does not exist on the card"),
        new(E.NoDir, "SCARD_E_NO_DIR", C.CardData, "the path is not a directory"),
        new(E.NoFile, "SCARD_E_NO_FILE", C.CardData, "the path is not a file"),
        new(E.NoAccess, "SCARD_E_NO_ACCESS", C.Auth, "access to the file is denied"),
        new(E.WriteTooMany, "SCARD_E_WRITE_TOO_MANY", C.CardData, "the card cannot hold more data"),
        new(E.BadSeek, "SCARD_E_BAD_SEEK", C.CardData, "the file pointer could not be set"),
        new(E.InvalidChv, "SCARD_E_INVALID_CHV", C.Auth, "the PIN is invalid"),
        new(E.UnknownResMng, "SCARD_E_UNKNOWN_RES_MNG", C.Fatal, "an unrecognised resource-manager error code was returned"),
        new(E.NoSuchCertificate, "SCARD_E_NO_SUCH_CERTIFICATE", C.CardData, "the certificate does not exist"),
        new(E.CertificateUnavailable, "SCARD_E_CERTIFICATE_UNAVAILABLE", C.CardData, "the certificate cannot be obtained"),
        new(E.NoReadersAvailable, "SCARD_E_NO_READERS_AVAILABLE", C.NoReaders, "no reader is available"),
        new(E.CommDataLost, "SCARD_E_COMM_DATA_LOST", C.Reconnect, "data was lost communicating with the card (no status word came back)"),
        new(E.NoKeyContainer, "SCARD_E_NO_KEY_CONTAINER", C.CardData, "the key container does not exist"),
        new(E.ServerTooBusy, "SCARD_E_SERVER_TOO_BUSY", C.Busy, "the resource manager is too busy"),
        new(E.PinCacheExpired, "SCARD_E_PIN_CACHE_EXPIRED", C.Auth, "the smart-card PIN cache has expired"),
        new(E.NoPinCache, "SCARD_E_NO_PIN_CACHE", C.Auth, "the smart-card PIN cannot be cached"),
        new(E.ReadOnlyCard, "SCARD_E_READ_ONLY_CARD", C.Unsupported, "the card is read-only"),
        new(E.UnsupportedCard, "SCARD_W_UNSUPPORTED_CARD", C.CardUnusable, "the card is not supported (ATR configuration conflict)"),
        new(E.UnresponsiveCard, "SCARD_W_UNRESPONSIVE_CARD", C.Mute, "the card does not respond to a reset (mute)"),
        new(E.UnpoweredCard, "SCARD_W_UNPOWERED_CARD", C.Reconnect, "power has been removed from the card"),
        new(E.ResetCard, "SCARD_W_RESET_CARD", C.CardReset, "the card was reset, so shared state is invalid"),
        new(E.RemovedCard, "SCARD_W_REMOVED_CARD", C.CardGone, "the card was removed"),
        new(E.SecurityViolation, "SCARD_W_SECURITY_VIOLATION", C.Auth, "access was denied by a security policy"),
        new(E.WrongChv, "SCARD_W_WRONG_CHV", C.Auth, "the PIN is wrong"),
        new(E.ChvBlocked, "SCARD_W_CHV_BLOCKED", C.Auth, "the PIN retry limit was reached"),
        new(E.Eof, "SCARD_W_EOF", C.CardData, "the end of the card file was reached"),
        new(E.CancelledByUser, "SCARD_W_CANCELLED_BY_USER", C.Expected, "the user cancelled"),
        new(E.CardNotAuthenticated, "SCARD_W_CARD_NOT_AUTHENTICATED", C.Auth, "no PIN was presented to the card"),
        new(E.CacheItemNotFound, "SCARD_W_CACHE_ITEM_NOT_FOUND", C.Cache, "the requested item is not in the cache"),
        new(E.CacheItemStale, "SCARD_W_CACHE_ITEM_STALE", C.Cache, "the cached item is stale"),
        new(E.CacheItemTooBig, "SCARD_W_CACHE_ITEM_TOO_BIG", C.Cache, "the item is too big for the cache"),
    ];

    /// <summary>Where the kind of call changes the meaning of a code (docs/pcsc-notes.md §9; docs/test-fleet.md,
    /// "What the fleet does under faults").</summary>
    public static readonly IReadOnlyList<(PcscError Error, PcscCallKind Kind, PcscErrorClass Class)> KindOverrides =
    [
        // A context whose handle the resource manager no longer knows means the service restarted under us.
        (E.InvalidHandle, PcscCallKind.Context, C.ServiceGone),
        // vpcd/pcscd answer NOT_TRANSACTED to a command in flight when the card is pulled.
        (E.NotTransacted, PcscCallKind.CardRemoved, C.CardGone),
        (E.InvalidHandle, PcscCallKind.CardRemoved, C.CardGone),
        // pcscd + vpcd: "success, 0 bytes" when the card closes mid-command, which the binding reports as this.
        (E.CommDataLost, PcscCallKind.CardRemoved, C.CardGone),
        // pcsc-lite returns it when polkit denies the service to this user: an installation fault, not a PIN.
        (E.SecurityViolation, PcscCallKind.Context, C.Config),
        // On a card handle, pcscd does not associate the handle with our connection any more: a stale handle.
        (E.SecurityViolation, PcscCallKind.Card, C.StaleHandle),
        // On a card handle, pcsc-lite's answer when another process reset the card and our acknowledgement raced the
        // reset's clearing of the card's protocol: checked before anything reaches the card, cured by a reconnect.
        (E.ProtoMismatch, PcscCallKind.Card, C.CardReset),
    ];

    public static readonly FrozenDictionary<PcscError, PcscErrorInfo> ByError = Rows.ToFrozenDictionary(r => r.Error);

    public static readonly FrozenDictionary<(PcscError, PcscCallKind), PcscErrorClass> ByErrorAndKind =
        KindOverrides.ToFrozenDictionary(o => (o.Error, o.Kind), o => o.Class);
}
