using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Readers;

/// <summary>What a reader actor (or the monitor) does about a PC/SC result. The code → class decision is the Pcsc
/// project's single table (<see cref="PcscErrorClassifier"/>); this only maps classes to actor behaviour.</summary>
internal enum PcscReaction
{
    /// <summary>Service gone: release everything, report to the manager.</summary>
    ServiceLost,
    /// <summary>Reader unplugged: fail ReaderGone, drop the handle.</summary>
    ReaderLost,
    /// <summary>Card gone: fail CardGone, drop the handle, go to NoCard.</summary>
    CardLost,
    /// <summary>Card reset by someone else: reconnect with LEAVE and retry once.</summary>
    CardReset,
    /// <summary>Card powered down or data lost on the wire: reconnect with RESET once.</summary>
    Reconnect,
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
    /// <summary>Environment or configuration fault (polkit, no redirection, driver): the reader cannot work.</summary>
    Fatal,
    /// <summary>Anything else: fail the request with the code, keep the state.</summary>
    Fail,
}

internal static class PcscReactions
{
    public static PcscReaction For(PcscError error, PcscCallKind kind = PcscCallKind.Card) =>
        error == PcscError.NotTransacted && kind != PcscCallKind.CardRemoved
            ? PcscReaction.NotTransacted
            : PcscErrorClassifier.Classify(error, kind) switch
            {
                PcscErrorClass.ServiceGone => PcscReaction.ServiceLost,
                PcscErrorClass.ReaderGone => PcscReaction.ReaderLost,
                PcscErrorClass.CardGone => PcscReaction.CardLost,
                PcscErrorClass.CardReset => PcscReaction.CardReset,
                PcscErrorClass.Reconnect => PcscReaction.Reconnect,
                PcscErrorClass.StaleHandle => PcscReaction.HandleLost,
                PcscErrorClass.Sharing => PcscReaction.Busy,
                PcscErrorClass.Mute => PcscReaction.Mute,
                PcscErrorClass.Unsupported or PcscErrorClass.CardUnusable => PcscReaction.Unsupported,
                PcscErrorClass.Config => PcscReaction.Fatal,
                _ => PcscReaction.Fail,
            };
}
