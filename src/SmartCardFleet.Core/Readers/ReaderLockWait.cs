using Akka.Event;
using System.Runtime.ExceptionServices;
using Akka.Actor;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Readers;

/// <summary>
/// A reader actor's lock calls (SCardConnect, SCardBeginTransaction; docs/pcsc-notes.md §3) and the state the actor is
/// in while one runs on its <see cref="LockWaiter"/>: GetStatus is answered from the actor's own fields, requests are
/// stashed (bounded) and served in order once the call returned; after the foreign-lock threshold (the actor's own
/// timer) ReaderBlocked is published, the status says BlockedByForeignTransaction and new requests are refused with
/// ForeignTransaction until the call returns (ReaderUnblocked). The actor makes no PC/SC call meanwhile.
/// </summary>
internal sealed class ReaderLockWait(ReaderActor reader, TimeSpan threshold)
{
    private const string TimerKey = "lock-wait-threshold";

    private LockWaiter? _waiter;

    /// <summary>The call the reader waits for, or null.</summary>
    public PendingLockCall? Pending { get; private set; }

    /// <summary>Connects (Attach, auto-attach, re-attach). Without <paramref name="replyTo"/> a failure goes to
    /// <paramref name="onFailure"/>, else it is logged.</summary>
    public void Connect(ShareMode shareMode, CardProtocol protocols, IActorRef? replyTo, Action<ReaderFailure>? onFailure = null)
    {
        var link = reader.Link;
        Start("SCardConnect", replyTo, () =>
        {
            var error = link.Connect(shareMode, protocols, out var card, out var active);
            return new LockCallResult(error, card, active);
        }, result =>
        {
            var reply = reader.Presence.Connected(result, shareMode, protocols);
            if (replyTo is not null)
            {
                replyTo.Tell(reply);
            }
            else if (reply is ReaderFailure failure)
            {
                onFailure?.Invoke(failure);
            }
        });
    }

    /// <summary>Begins a transaction (BeginTransaction), or runs an atomic batch inside one of its own.</summary>
    public void BeginTransaction(BeginTransaction begin, IActorRef replyTo, TransmitBatch? batch = null, bool afterReset = false)
    {
        var link = reader.Link;
        Start("SCardBeginTransaction", replyTo, () => new LockCallResult(link.BeginTransaction()), result =>
        {
            if (Began(result.Error, begin, replyTo, batch, afterReset) is { } reply)
            {
                replyTo.Tell(reply);
            }
        });
    }

    /// <summary>The actor stops, restarts or retires: the handle and context are released now, or by the waiter's thread
    /// once a running call returned (the actor must not touch them while it runs).</summary>
    public void Abandon(CardDisposition disposition)
    {
        reader.Timers.Cancel(TimerKey);
        Pending = null;
        var link = reader.Link;
        if (_waiter is null)
        {
            link.Release(disposition);
            return;
        }

        _waiter.Abandon(result => link.ReleaseAfterLockCall(result, disposition));
        _waiter = null;
    }

    private object? Began(PcscError error, BeginTransaction begin, IActorRef replyTo, TransmitBatch? batch, bool afterReset)
    {
        if (error == PcscError.ResetCard && !afterReset)
        {
            // Windows 8+ reports a foreign reset here: acknowledge it like any other reset and try once more.
            if (reader.Work.Recovery.AcknowledgeReset("SCardBeginTransaction", error, CardDisposition.Leave) is { } failed)
            {
                return failed;
            }

            BeginTransaction(begin, replyTo, batch, afterReset: true);
            return null;
        }

        if (error != PcscError.Success)
        {
            return reader.Life.Fail("SCardBeginTransaction", error);
        }

        var begun = reader.Session.OpenLease(begin);
        if (batch is null)
        {
            return begun;
        }

        // An atomic batch: every APDU inline inside our own transaction, ended (LEAVE) after the last or the failure.
        var result = reader.Work.TransmitAll(batch.Commands, begun.Transaction);
        if (reader.Session.Lease?.Is(begun.Transaction) == true)
        {
            reader.Work.EndTransaction(new EndTransaction(begun.Transaction));
        }

        return result;
    }

    private void Start(string operation, IActorRef? replyTo, Func<LockCallResult> call, Action<LockCallResult> then)
    {
        var id = reader.ReaderId;
        _waiter ??= new LockWaiter(id.Value);
        var pending = new PendingLockCall(operation, reader.Now, replyTo, then);
        Pending = pending;
        // The timer first: whoever sees the call running (a spec) may rely on the threshold timer being set.
        reader.Timers.StartSingleTimer(TimerKey, new LockWaitTooLong(pending), threshold);
        reader.Context.Become(Receive);
        var self = reader.Context.Self;
        var waiter = _waiter;
        waiter.Start(call, result => self.Tell(new LockCallReturned(waiter, result), ActorRefs.NoSender));
    }

    private bool Receive(object message)
    {
        var sender = reader.Context.Sender;
        switch (message)
        {
            case LockCallReturned returned when ReferenceEquals(returned.Waiter, _waiter):
                Returned(returned.Result);
                return true;
            case LockWaitTooLong late when ReferenceEquals(late.Call, Pending):
                TooLong(late.Call);
                return true;
            case ILateReaderTimer:
                return true;
            case GetStatus:
                sender.Tell(reader.Session.Snapshot());
                return true;
            case SetAutoAttach set:
                reader.Session.ChooseAutoAttach(set.Enabled);
                return true;
            case StopReader stop:
                reader.Life.Retire(stop.Reason);
                return true;
            case CardInsertedNotice or CardRemovedNotice or Reattach:
                // Acted on once the call returned, in arrival order.
                reader.Stash.Stash();
                return true;
        }

        if (reader.RejectInvalid(message))
        {
            return true;
        }

        if (message is not IReaderRequest)
        {
            reader.RejectUnknown(message);
        }
        else if (Pending!.Blocked)
        {
            sender.Tell(reader.Session.Failure(ReaderFailureReason.ForeignTransaction, Pending.BlockedMessage(reader.ReaderId, reader.Now)));
        }
        else
        {
            reader.Session.StashOrRefuse($"the reader waits in {Pending.Operation} for the card", ReaderFailureReason.BusyInTransaction);
        }

        return true;
    }

    private void TooLong(PendingLockCall call)
    {
        call.MarkBlocked();
        var id = reader.ReaderId;
        reader.Log.Warning("Reader {0} is blocked in {1} since {2:O}: another process holds the card's transaction; its requests " +
            "are refused with ForeignTransaction until the call returns", id, call.Operation, call.Since);
        reader.Session.Publish(new ReaderBlocked(id, call.Operation, call.Since, reader.Now));
    }

    private void Returned(LockCallResult result)
    {
        var call = Pending!;
        Pending = null;
        reader.Timers.Cancel(TimerKey);
        _waiter!.Taken(result);
        if (call.Blocked)
        {
            var id = reader.ReaderId;
            reader.Log.Info("Reader {0}: {1} returned after {2}; queued requests run again", id, call.Operation, reader.Now - call.Since);
            reader.Session.Publish(new ReaderUnblocked(id, call.Operation, reader.Now - call.Since, reader.Now));
        }

        reader.BecomeCurrentState();
        if (result is LockCallFailed failed)
        {
            call.ReplyTo?.Tell(new ReaderFailure(reader.ReaderId, ReaderFailureReason.ReaderGone,
                $"the reader actor failed in {call.Operation} ({failed.Exception.GetType().Name}) and restarts"));
            ExceptionDispatchInfo.Throw(failed.Exception);
        }

        call.Then(result);
        if (Pending is null)
        {
            reader.Stash.UnstashAll();
        }
    }

    private sealed record LockCallReturned(LockWaiter Waiter, LockCallResult Result) : ILateReaderTimer;

    private sealed record LockWaitTooLong(PendingLockCall Call) : ILateReaderTimer;
}
