using SmartCardFleet.Core.Events;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Readers;

/// <summary>
/// Putting an attached card back into a known state: acknowledging a reset by someone else, the security-state reset
/// after a verified PIN (docs/security.md), and the reset that finds out whether a card whose exchange did not
/// complete is still there. Runs inline on the reader's thread; state changes go through <see cref="IReaderSite"/>.
/// </summary>
internal sealed class CardRecovery(CardLink link, SecurityStateGuard securityState, IReaderSite site)
{
    /// <summary>Another process reset the card (or pcscd powered it down): acknowledge with Reconnect (LEAVE, or RESET
    /// for an unpowered card) and publish CardReset. Null when done, else the failure (state already adjusted).</summary>
    public ReaderFailure? AcknowledgeReset(string operation, PcscError error, CardDisposition initialization)
    {
        var reconnect = link.Reconnect(initialization);
        if (reconnect != PcscError.Success)
        {
            return site.Fail($"SCardReconnect after reset ({operation})", reconnect);
        }

        site.Publish(new CardReset(site.Id, link.Session!.Value, error, DateTimeOffset.UtcNow));
        return null;
    }

    /// <summary>The policy reset (docs/security.md): a caller raised the card's security state, so SCardReconnect with
    /// RESET (inside our transaction when one is open) and CardReset SecurityStateCleared.</summary>
    public ReaderFailure? ClearRaisedSecurityState()
    {
        if (!securityState.Raised || !link.HasHandle)
        {
            return null;
        }

        securityState.Forget();
        var error = link.Reconnect(CardDisposition.Reset);
        if (error != PcscError.Success)
        {
            return site.Fail("SCardReconnect to clear the card's security state", error);
        }

        site.Publish(new CardReset(site.Id, link.Session!.Value, PcscError.Success, DateTimeOffset.UtcNow) { Reason = CardResetReason.SecurityStateCleared });
        return null;
    }

    /// <summary>NOT_TRANSACTED on a card call: on pcsc-lite usually a pulled card the service has not noticed yet. Only a
    /// reset talks to the card: it finds the reader empty (CardGone now) or puts a card still there into a known state
    /// (CardReset Recovery; a transaction of ours does not survive it). Never retried: the command may have half run.</summary>
    public PcscVerdict ProbeAfterIncompleteExchange(PcscVerdict verdict, PcscError error)
    {
        if (!link.StatusSaysGone())
        {
            var probe = link.Reconnect(CardDisposition.Reset);
            if (probe == PcscError.Success)
            {
                securityState.Forget();
                site.Publish(new CardReset(site.Id, link.Session!.Value, error, DateTimeOffset.UtcNow) { Reason = CardResetReason.Recovery });
                if (site.Lease is null)
                {
                    return verdict with { Message = $"{verdict.Message}; the card did not complete the command and was reset", FollowUp = ReaderFollowUp.None };
                }

                // Our lock survives our own reset on pcsc-lite: give it back, the holder's work on the card is gone anyway.
                link.EndTransaction(CardDisposition.Leave);
                site.LeaveTransaction();
                return verdict with
                {
                    Message = $"{verdict.Message}; the card did not complete the command and was reset, which ended the transaction",
                    FollowUp = ReaderFollowUp.None,
                };
            }

            if (PcscErrorPolicy.Decide("SCardReconnect", probe, PcscCallKind.CardRemoved).FollowUp != ReaderFollowUp.CardGone)
            {
                return PcscErrorPolicy.Decide($"{verdict.Message}; SCardReconnect to reset the card", probe);
            }
        }

        return new PcscVerdict(ReaderFailureReason.CardGone, $"{verdict.Message}; the card is gone", ReaderFollowUp.CardGone);
    }
}
