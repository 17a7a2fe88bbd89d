using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Readers;

/// <summary>What a reader actor does about a PC/SC return code (pcsc-facts §7). Kept beside the actor until the
/// Pcsc project's classifier lands; then this maps from its classes instead of codes.</summary>
internal enum PcscReaction
{
    /// <summary>Service gone: release everything, report to the manager.</summary>
    ServiceLost,
    /// <summary>Reader unplugged: fail ReaderGone, drop the handle.</summary>
    ReaderLost,
    /// <summary>Card gone: fail CardGone, drop the handle, go to NoCard.</summary>
    CardLost,
    /// <summary>Card reset by someone else or powered down: reconnect with LEAVE and retry once.</summary>
    CardReset,
    /// <summary>Card powered down: reconnect with RESET once.</summary>
    CardUnpowered,
    /// <summary>Stale card handle: drop it locally, the next Attach gets a new one.</summary>
    HandleLost,
    /// <summary>Another process holds the card.</summary>
    Busy,
    /// <summary>Card does not answer reset.</summary>
    Mute,
    /// <summary>Not supported by reader or card.</summary>
    Unsupported,
    /// <summary>Transaction lost (reset/removal) or never held.</summary>
    NotTransacted,
    /// <summary>Environment or configuration fault (polkit, client/daemon mismatch): the reader cannot work.</summary>
    Fatal,
    /// <summary>Anything else: fail the request with the code, keep the state.</summary>
    Fail,
}

internal static class PcscReactions
{
    public static PcscReaction For(PcscError error) => error switch
    {
        PcscError.NoService or PcscError.CommError or PcscError.Shutdown or PcscError.SystemCancelled
            or PcscError.InvalidHandleWin32 => PcscReaction.ServiceLost,
        // pcsc-lite's SERVICE_STOPPED is a client/daemon protocol mismatch (pcsc-facts §10): a config fault that a
        // reconnect loop would only spin on. Windows' SERVICE_STOPPED is a service loss; the binding tells them apart.
        PcscError.ServiceStopped => OperatingSystem.IsWindows() ? PcscReaction.ServiceLost : PcscReaction.Fatal,
        PcscError.SecurityViolation or PcscError.BrokenPipe => PcscReaction.Fatal,
        PcscError.UnknownReader or PcscError.ReaderUnavailable => PcscReaction.ReaderLost,
        PcscError.RemovedCard or PcscError.NoSmartcard => PcscReaction.CardLost,
        PcscError.ResetCard => PcscReaction.CardReset,
        PcscError.UnpoweredCard => PcscReaction.CardUnpowered,
        PcscError.InvalidHandle => PcscReaction.HandleLost,
        PcscError.SharingViolation => PcscReaction.Busy,
        PcscError.UnresponsiveCard => PcscReaction.Mute,
        PcscError.Unexpected or PcscError.UnsupportedFeature or PcscError.CantDispose or PcscError.ReadOnlyCard
            => PcscReaction.Unsupported,
        PcscError.NotTransacted => PcscReaction.NotTransacted,
        _ => PcscReaction.Fail,
    };
}
