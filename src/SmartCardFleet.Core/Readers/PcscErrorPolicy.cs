using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Readers;

/// <summary>What a reader does after a failed PC/SC call, besides answering the request.</summary>
internal enum ReaderFollowUp
{
    /// <summary>Answer the failure, keep the state.</summary>
    None,
    /// <summary>The service is gone: release everything, report to the manager (docs/pcsc-notes.md §7).</summary>
    ServiceLost,
    /// <summary>The environment refuses PC/SC access: the reader cannot work until it is re-created.</summary>
    Faulted,
    /// <summary>The reader was unplugged: drop the handle, NoCard.</summary>
    ReaderGone,
    /// <summary>The card left: drop the handle, NoCard.</summary>
    CardGone,
    /// <summary>The handle went stale: drop it, CardPresent (the next Attach gets a new one).</summary>
    HandleStale,
    /// <summary>The exchange did not complete (NOT_TRANSACTED on a card call): find out with a reset whether the
    /// card is still there (docs/reader-actors.md, "A command that could not complete").</summary>
    ProbeCard,
}

/// <summary>The reply and the follow-up for one failed call.</summary>
internal sealed record PcscVerdict(ReaderFailureReason Reason, string Message, ReaderFollowUp FollowUp);

/// <summary>
/// PC/SC code + call kind → failure reason, message and follow-up. Pure: the code → class decision is the Pcsc
/// project's table (<see cref="PcscErrorClassifier"/> through <see cref="PcscReactions"/>); this maps classes to what a
/// reader does (docs/pcsc-notes.md §9).
/// </summary>
internal static class PcscErrorPolicy
{
    public static PcscVerdict Decide(string operation, PcscError error, PcscCallKind kind = PcscCallKind.Card)
    {
        var what = $"{operation} failed: {error.Describe()}";
        return PcscReactions.For(error, kind) switch
        {
            PcscReaction.ServiceLost => new(ReaderFailureReason.ServiceUnavailable, what, ReaderFollowUp.ServiceLost),
            PcscReaction.Fatal => new(ReaderFailureReason.PcscError, $"{what}: the environment refuses PC/SC access (fatal)", ReaderFollowUp.Faulted),
            PcscReaction.ReaderLost => new(ReaderFailureReason.ReaderGone, what, ReaderFollowUp.ReaderGone),
            PcscReaction.CardLost => new(ReaderFailureReason.CardGone, what, ReaderFollowUp.CardGone),
            PcscReaction.HandleLost => new(ReaderFailureReason.InvalidHandle, $"{what}; the handle was dropped, Attach again", ReaderFollowUp.HandleStale),
            PcscReaction.Busy => new(ReaderFailureReason.SharingViolation, $"{what}: another process holds the card", ReaderFollowUp.None),
            PcscReaction.Mute => new(ReaderFailureReason.CardMute, $"{what}: the card does not answer; insert another card", ReaderFollowUp.None),
            PcscReaction.Unsupported => new(ReaderFailureReason.Unsupported, what, ReaderFollowUp.None),
            // Not error.Describe(): its generic text names a lock, and outside a transaction there is none to lose.
            PcscReaction.NotTransacted => new(ReaderFailureReason.PcscError,
                $"{operation} failed: the exchange with the card did not complete ({PcscErrorClassifier.GetInfo(error).Symbol} 0x{(uint)error:X8})",
                ReaderFollowUp.ProbeCard),
            _ => new(ReaderFailureReason.PcscError, what, ReaderFollowUp.None),
        };
    }

    /// <summary>A reset by someone else (acknowledge with LEAVE) or a powered-down card (RESET) before a retry, or null
    /// when <paramref name="error"/> asks for no reconnect.</summary>
    public static CardDisposition? ReconnectFor(PcscError error) => PcscReactions.For(error) switch
    {
        PcscReaction.CardReset => CardDisposition.Leave,
        PcscReaction.Reconnect => CardDisposition.Reset,
        _ => null,
    };

    /// <summary>True when a Disconnect error means the handle was dead already (card, handle or reader gone).</summary>
    public static bool HandleAlreadyDead(PcscError error) =>
        PcscReactions.For(error) is PcscReaction.CardLost or PcscReaction.HandleLost or PcscReaction.ReaderLost;

    /// <summary>An empty reader is a normal answer to SCardConnect, not a lost card.</summary>
    public static bool IsEmptyReader(PcscError error) => error is PcscError.NoSmartcard or PcscError.RemovedCard;
}
