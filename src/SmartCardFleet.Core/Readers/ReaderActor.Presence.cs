using Akka.Actor;
using Akka.Event;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Readers;

// Card arrival and removal as reported by the monitor (through the manager) or found by the start-up probe.
public sealed partial class ReaderActor
{
    private void OnCardInserted(CardInsertedNotice notice)
    {
        var sameCard = notice.Counter == _counter && _state is not ReaderState.NoCard;
        if (_state is ReaderState.ServiceLost or ReaderState.Faulted || sameCard)
        {
            // Duplicate of what the start-up probe already saw, or nothing we can act on now.
            _counter = notice.Counter;
            return;
        }

        if (_card != 0)
        {
            if (_api.Status(_card, out _) == PcscError.Success)
            {
                // Attached (on request or by re-attach) before the monitor's notice of this very card arrived: pcscd
                // marks every handle on removal, so a handle that still works holds the card the notice is about.
                _counter = notice.Counter;
                return;
            }

            // The counter moved while we held a handle: the card was swapped between two monitor waits.
            DropCardAfterLoss("card replaced", ReaderFailureReason.CardGone, BecomeNoCard);
        }

        _counter = notice.Counter;
        _atr = [.. notice.Atr];
        BecomeCardPresent();
        // The first card after a service restart gets the attachment held before it, also without auto-attach.
        var reattach = _pendingReattach;
        _pendingReattach = null;
        if ((reattach is not null || AutoAttach) && !notice.Mute &&
            DoAttach(reattach?.ShareMode ?? _settings.DefaultShareMode, reattach?.Protocols ?? _settings.DefaultProtocols) is ReaderFailure failure)
        {
            _log.Warning("Reader {0}: {1} failed: {2}", _id, reattach is null ? "auto-attach" : "re-attach", failure);
        }
    }

    /// <summary>
    /// After a service restart the manager asks for the attachment the reader held before. On a real fleet the card
    /// is often not back yet (it reconnects to its reader a moment after the daemon), so the wish is kept for the next
    /// insertion; a card that auto-attach took meanwhile with another share mode is attached again as it was.
    /// </summary>
    private void OnReattach(Reattach reattach)
    {
        if (_card != 0)
        {
            if (_shareMode == reattach.ShareMode)
            {
                return;
            }

            ReleaseCard(CardDisposition.Leave, "re-attaching with the share mode held before the service restart", notifyManager: false);
            BecomeCardPresent();
        }

        var result = DoAttach(reattach.ShareMode, reattach.Protocols);
        if (result is ReaderFailure { Reason: ReaderFailureReason.NoCard })
        {
            _pendingReattach = reattach;
        }
        else if (result is ReaderFailure failure)
        {
            _log.Warning("Reader {0}: re-attach after the service restart failed: {1}", _id, failure);
        }
    }

    private void OnCardRemoved(CardRemovedNotice notice)
    {
        _counter = notice.Counter;
        if (_state is ReaderState.ServiceLost or ReaderState.Faulted or ReaderState.NoCard)
        {
            return;
        }

        _atr = null;
        if (_card != 0)
        {
            // Auto-detach: the handle is dead anyway; LEAVE so nothing is sent to whatever comes next.
            DropCardAfterLoss("card removed", ReaderFailureReason.CardGone, BecomeNoCard);
        }
        else
        {
            BecomeNoCard();
        }
    }
}
