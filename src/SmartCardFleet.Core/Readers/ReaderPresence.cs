using Akka.Event;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Readers;

/// <summary>
/// Card arrival and removal as a reader actor learns them (monitor notices through the manager, its own start-up probe),
/// re-attach after a service restart, and what a returned SCardConnect means. Auto-attach and re-attach go through the
/// lock waiter like an Attach: SCardConnect may wait for another process's transaction.
/// </summary>
internal sealed class ReaderPresence(ReaderActor reader)
{
    /// <summary>The attachment held before a service restart, kept until a card comes back (real cards often reconnect
    /// to their reader a moment after the daemon).</summary>
    public Reattach? PendingReattach { get; set; }

    public void OnCardInserted(CardInsertedNotice notice)
    {
        var sameCard = notice.Counter == reader.Counter && reader.State is not ReaderState.NoCard;
        if (reader.State is ReaderState.ServiceLost or ReaderState.Faulted || sameCard)
        {
            // Duplicate of what the start-up probe already saw, or nothing we can act on now.
            reader.Counter = notice.Counter;
            return;
        }

        if (reader.Link.HasHandle)
        {
            if (reader.Link.HandleAlive())
            {
                // Attached before the monitor's notice of this very card arrived: pcscd marks every handle on removal,
                // so a handle that still works holds the card the notice is about.
                reader.Counter = notice.Counter;
                return;
            }

            // The counter moved while we held a handle: the card was swapped between two monitor waits.
            reader.Session.DropCardAfterLoss("card replaced", ReaderFailureReason.CardGone, toNoCard: true);
        }

        reader.Counter = notice.Counter;
        reader.Link.CardSeen(notice.Atr);
        reader.BecomeCardPresent();
        // The first card after a service restart gets the attachment held before it, also without auto-attach.
        var reattach = PendingReattach;
        PendingReattach = null;
        if ((reattach is not null || reader.AutoAttach) && !notice.Mute)
        {
            reader.LockWait.Connect(reattach?.ShareMode ?? reader.Settings.DefaultShareMode,
                reattach?.Protocols ?? reader.Settings.DefaultProtocols, replyTo: null,
                failure => reader.Log.Warning("Reader {0}: {1} failed: {2}", reader.ReaderId, reattach is null ? "auto-attach" : "re-attach", failure));
        }
    }

    public void OnCardRemoved(CardRemovedNotice notice)
    {
        reader.Counter = notice.Counter;
        if (reader.State is ReaderState.ServiceLost or ReaderState.Faulted or ReaderState.NoCard)
        {
            return;
        }

        // Auto-detach: the handle is dead anyway; LEAVE so nothing is sent to whatever comes next.
        reader.Session.DropCardAfterLoss("card removed", ReaderFailureReason.CardGone, toNoCard: true);
    }

    /// <summary>After a service restart the manager asks for the attachment held before; a card auto-attach took
    /// meanwhile with another share mode is attached again as it was, an absent card is waited for.</summary>
    public void OnReattach(Reattach reattach)
    {
        if (reader.Link.HasHandle)
        {
            if (reader.Link.ShareMode == reattach.ShareMode)
            {
                return;
            }

            var ended = reader.Link.Drop(CardDisposition.Leave);
            reader.Session.CardReleased(ended, CardDisposition.Leave, "re-attaching with the share mode held before the service restart", notifyManager: false);
            reader.BecomeCardPresent();
        }

        reader.LockWait.Connect(reattach.ShareMode, reattach.Protocols, replyTo: null, failure =>
        {
            if (failure.Reason == ReaderFailureReason.NoCard)
            {
                PendingReattach = reattach;
            }
            else
            {
                reader.Log.Warning("Reader {0}: re-attach after the service restart failed: {1}", reader.ReaderId, failure);
            }
        });
    }

    /// <summary>The reply to a connect that returned.</summary>
    public object Connected(LockCallResult result, ShareMode shareMode, CardProtocol protocols)
    {
        if (PcscErrorPolicy.IsEmptyReader(result.Error))
        {
            if (reader.State == ReaderState.CardPresent)
            {
                reader.BecomeNoCard();
            }

            return reader.Session.Failure(ReaderFailureReason.NoCard, "no card in the reader", result.Error);
        }

        return result.Error == PcscError.Success
            ? reader.Session.TakeCard(result.Card, result.Protocol, shareMode, protocols)
            : reader.Life.Fail("SCardConnect", result.Error, PcscCallKind.Context);
    }

    /// <summary>Adopts a handle only when SCardStatus says it is live and connected to this very reader. The issuing
    /// context must stay alive: on pcsc-lite releasing it kills the handle.</summary>
    public object Adopt(AttachByHandle adopt) => reader.Link.AdoptionProblem(adopt.Handle, out var status, out var error) is { } problem
        ? reader.Session.Failure(ReaderFailureReason.InvalidHandle, problem, error == PcscError.Success ? null : error)
        : reader.Session.TakeCard(adopt.Handle, status.Protocol, adopt.ShareMode, status.Protocol, status.Atr);

    // ---- Failures, snapshot, stash ---------------------------------------------------------------------------------
}
