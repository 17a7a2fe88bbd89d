using Akka.Actor;
using Akka.Event;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Pcsc;
using SmartCardFleet.Core.Messaging;

namespace SmartCardFleet.Core.Readers;

// Transactions: a lease identified by TransactionId. Requests carrying it run; every other request waits in the
// (bounded) stash until the transaction ends or its lease expires, then runs in arrival order.
public sealed partial class ReaderActor
{
    private const string LeaseTimerKey = "transaction-lease";

    private TransactionId? _transaction;
    private string? _transactionHolder;
    private bool _transactionWorked;

    private sealed record LeaseExpired(TransactionId Transaction) : ILocalOnlyMessage;

    /// <summary>SCardBeginTransaction. On pcsc-lite this blocks while another process holds the lock: only this
    /// reader's thread waits, which is why reader actors have their own threads; the gauge lets the manager answer for
    /// the reader meanwhile (ForeignTransaction) and the requests already queued here run once the lock is ours.</summary>
    private object DoBeginTransaction(BeginTransaction begin)
    {
        var error = BeginTransactionCall();
        if (error == PcscError.ResetCard)
        {
            // Windows 8+ reports a foreign reset here: acknowledge it like any other reset and try once more.
            var recovered = WithResetRecovery("SCardBeginTransaction", BeginTransactionCall);
            if (recovered is not null)
            {
                return recovered;
            }
        }
        else if (error != PcscError.Success)
        {
            return HandleError("SCardBeginTransaction", error);
        }

        var id = TransactionId.New();
        _transaction = id;
        _transactionHolder = begin.Holder;
        _transactionWorked = false;
        Timers.StartSingleTimer(LeaseTimerKey, new LeaseExpired(id), begin.MaxHold);
        BecomeInTransaction();
        return new TransactionBegun(_id, id, DateTimeOffset.UtcNow + begin.MaxHold);
    }

    /// <summary>Every APDU of the batch inline on this thread: one hand-off for the whole batch. An atomic batch runs in a
    /// transaction of its own, ended (LEAVE) after the last APDU or the first failure.</summary>
    private object DoTransmitBatch(TransmitBatch batch)
    {
        var transaction = batch.Transaction;
        if (batch.Atomic)
        {
            var begun = DoBeginTransaction(new BeginTransaction(_settings.MaxTransactionHold, "batch"));
            if (begun is not TransactionBegun own)
            {
                return begun;
            }

            transaction = own.Transaction;
        }

        var responses = new List<Transmitted>(batch.Commands.Count);
        ReaderFailure? failure = null;
        foreach (var command in batch.Commands)
        {
            var reply = DoTransmit(new Transmit(command, transaction));
            if (reply is Transmitted response)
            {
                responses.Add(response);
                continue;
            }

            failure = (ReaderFailure)reply;
            break;
        }

        if (batch.Atomic && _transaction == transaction && transaction is { } id)
        {
            DoEndTransaction(new EndTransaction(id));
        }
        else if (_transaction is null)
        {
            ClearRaisedSecurityState();
        }

        return new BatchTransmitted(_id, responses, failure);
    }

    private PcscError BeginTransactionCall()
    {
        using var busy = Blocking("SCardBeginTransaction", BlockingCallKind.LockWait);
        return _api.BeginTransaction(_card);
    }

    private object DoEndTransaction(EndTransaction end)
    {
        if (_transaction != end.Id)
        {
            return TransactionNotOpen(end.Id);
        }

        if (ClearRaisedSecurityState() is { } lost && _transaction is null)
        {
            return lost;
        }

        var error = _api.EndTransaction(_card, end.Disposition);
        // RESET_CARD from EndTransaction still means "released" (Windows 7+); the next call will reconnect.
        if (error is not (PcscError.Success or PcscError.ResetCard))
        {
            var failure = HandleError("SCardEndTransaction", error);
            if (_transaction is null)
            {
                return failure;
            }
        }

        LeaveTransaction();
        return new TransactionEnded(_id, end.Id, end.Disposition);
    }

    private void BecomeInTransaction()
    {
        _state = ReaderState.InTransaction;
        Become(() => ReceiveAny(message =>
        {
            if (message is LeaseExpired expired)
            {
                OnLeaseExpired(expired.Transaction);
                return;
            }

            if (HandleCommon(message))
            {
                return;
            }

            switch (message)
            {
                case IReaderRequest request when request.Transaction == _transaction:
                    if (!RejectInvalid(message))
                    {
                        HandleAttachedRequest(message);
                    }

                    break;
                case IReaderRequest or Reattach:
                    StashOrRefuse();
                    break;
                default:
                    RejectUnknown(message);
                    break;
            }
        }));
    }

    private void StashOrRefuse()
    {
        if (Stash.Count >= _settings.StashCapacity)
        {
            Sender.Tell(Failure(ReaderFailureReason.BusyInTransaction,
                $"a transaction holds the reader and {Stash.Count} requests already wait") with { TransactionHolder = _transactionHolder });
            return;
        }

        Stash.Stash();
    }

    /// <summary>The holder vanished or is too slow: end the PC/SC transaction ourselves so the reader is not locked
    /// forever. With work done inside the lease the card is reset (configurable) — the holder may have left a verified
    /// PIN or an open secure channel behind; with no work it is left as is.</summary>
    private void OnLeaseExpired(TransactionId id)
    {
        if (_transaction != id)
        {
            return;
        }

        if (ClearRaisedSecurityState() is not null && _transaction is null)
        {
            return;
        }

        var disposition = _transactionWorked ? _settings.ExpiredTransactionDisposition : CardDisposition.Leave;
        var holder = _transactionHolder;
        _log.Warning("Reader {0}: transaction {1} of {2} expired; ending it with {3}", _id, id, holder ?? "unnamed holder", disposition);
        var error = _api.EndTransaction(_card, disposition);
        Publish(new TransactionExpired(_id, id, holder, disposition, DateTimeOffset.UtcNow));
        if (error is not (PcscError.Success or PcscError.ResetCard or PcscError.NotTransacted))
        {
            HandleError("SCardEndTransaction (lease expired)", error);
            if (_transaction is null)
            {
                return;
            }
        }

        LeaveTransaction();
    }

    /// <summary>Back to Attached after a transaction, running the requests that queued behind it.</summary>
    private void LeaveTransaction()
    {
        EndLease();
        BecomeAttached();
        Stash.UnstashAll();
    }

    private void MarkTransactionWork()
    {
        if (_transaction is not null)
        {
            _transactionWorked = true;
        }
    }

    /// <summary>Forgets the transaction and its lease timer; harmless when none is open.</summary>
    private void EndLease()
    {
        Timers.Cancel(LeaseTimerKey);
        _transaction = null;
        _transactionHolder = null;
        _transactionWorked = false;
    }

    /// <summary>Answers every stashed request with a failure and empties the stash: stale APDUs must never be replayed
    /// against a different session.</summary>
    private void FailStash(ReaderFailureReason reason, string message)
    {
        if (Stash is null || Stash.IsEmpty)
        {
            return;
        }

        foreach (var envelope in Stash.ClearStash())
        {
            if (envelope.Message is IReaderRequest)
            {
                envelope.Sender.Tell(Failure(reason, message), Self);
            }
        }
    }
}
