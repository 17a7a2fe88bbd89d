using Akka.Actor;
using Akka.Event;

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
            // The counter moved while we held a handle: the card was swapped between two monitor waits.
            DropCardAfterLoss("card replaced", ReaderFailureReason.CardGone, BecomeNoCard);
        }

        _counter = notice.Counter;
        _atr = [.. notice.Atr];
        BecomeCardPresent();
        if (AutoAttach && !notice.Mute && DoAttach(_settings.DefaultShareMode, _settings.DefaultProtocols) is ReaderFailure failure)
        {
            _log.Warning("Reader {0}: auto-attach failed: {1}", _id, failure);
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
