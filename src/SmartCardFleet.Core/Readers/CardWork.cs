using System.Buffers;
using System.Diagnostics;
using Akka.Actor;
using SmartCardFleet.Core.Configuration;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Readers;

/// <summary>
/// The bounded card I/O of an attached reader, run inline on the reader actor's thread: Transmit, batches, Control,
/// GetAttrib, Reconnect, Detach, EndTransaction and lease expiry, with reset recovery and the security-state policy.
/// Each method returns the reply (success record or <see cref="ReaderFailure"/>); state changes go through
/// <see cref="IReaderSite"/>. APDUs are never logged or put into events: VERIFY and friends carry PINs.
/// </summary>
internal sealed class CardWork(CardLink link, ReaderSettings settings, SecurityStateGuard securityState, IReaderSite site)
{
    /// <summary>Reset acknowledgement, the security-state reset and the probe after an incomplete exchange.</summary>
    public CardRecovery Recovery { get; } = new(link, securityState, site);

    /// <summary>Attached work (Attached, and the holder's requests in InTransaction): answers <paramref name="replyTo"/>.</summary>
    public void Answer(object message, IActorRef replyTo)
    {
        switch (message)
        {
            case Attach or AttachByHandle:
                replyTo.Tell(site.Failure(ReaderFailureReason.AlreadyAttached, $"session {link.Session} holds the card; Detach first"));
                break;
            case Detach detach:
                replyTo.Tell(Detach(detach));
                break;
            case Reconnect reconnect:
                replyTo.Tell(Reconnect(reconnect));
                break;
            case Transmit transmit:
                replyTo.Tell(Transmit(transmit));
                // Answered first, reset next: the caller gets its response, nobody after it gets the PIN.
                ClearOutsideTransaction();
                break;
            case TransmitBatch batch:
                replyTo.Tell(TransmitAll(batch.Commands, batch.Transaction));
                ClearOutsideTransaction();
                break;
            case Control control:
                replyTo.Tell(Control(control));
                break;
            case GetAttribute attribute:
                replyTo.Tell(GetAttribute(attribute));
                break;
            case BeginTransaction:
                // Only the holder reaches here in InTransaction: a second lock on the same handle is not a thing.
                replyTo.Tell(site.Failure(ReaderFailureReason.BusyInTransaction, "this transaction is already open") with { TransactionHolder = site.Lease?.Label });
                break;
            case EndTransaction end:
                replyTo.Tell(EndTransaction(end));
                break;
        }
    }

    private void ClearOutsideTransaction()
    {
        if (site.Lease is null)
        {
            Recovery.ClearRaisedSecurityState();
        }
    }

    public object Transmit(Transmit transmit)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(settings.ReceiveBufferSize);
        var received = 0;
        try
        {
            var stopwatch = new Stopwatch();
            var failure = WithResetRecovery("SCardTransmit", () =>
            {
                stopwatch.Restart();
                var error = link.Transmit(transmit.Command, buffer.AsSpan(0, settings.ReceiveBufferSize), out received);
                stopwatch.Stop();
                return error;
            });
            site.Lease?.MarkWork();
            if (failure is not null)
            {
                return failure;
            }

            if (received < 2)
            {
                return site.Failure(ReaderFailureReason.PcscError, $"the card answered {received} byte(s), less than a status word");
            }

            var statusWord = (ushort)((buffer[received - 2] << 8) | buffer[received - 1]);
            securityState.Observe(transmit.Command, statusWord);
            return new Transmitted(site.Id, buffer.AsSpan(0, received - 2).ToArray(), statusWord, stopwatch.Elapsed);
        }
        finally
        {
            ReturnWiped(buffer, received);
        }
    }

    /// <summary>The APDUs of a batch in order, stopping at the first failure (a status word is an answer, not a failure).</summary>
    public BatchTransmitted TransmitAll(IReadOnlyList<byte[]> commands, TransactionId? transaction)
    {
        var responses = new List<Transmitted>(commands.Count);
        foreach (var command in commands)
        {
            var reply = Transmit(new Transmit(command, transaction));
            if (reply is not Transmitted response)
            {
                return new BatchTransmitted(site.Id, responses, (ReaderFailure)reply);
            }

            responses.Add(response);
        }

        return new BatchTransmitted(site.Id, responses);
    }

    public object Control(Control control)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Readers.Control.MaxLength);
        var received = 0;
        try
        {
            var failure = WithResetRecovery("SCardControl",
                () => link.Control(control.ControlCode, control.Data, buffer.AsSpan(0, Readers.Control.MaxLength), out received));
            site.Lease?.MarkWork();
            return (object?)failure ?? new ControlResponse(site.Id, control.ControlCode, buffer.AsSpan(0, received).ToArray());
        }
        finally
        {
            ReturnWiped(buffer, received);
        }
    }

    public object GetAttribute(GetAttribute attribute)
    {
        byte[] value = [];
        var failure = WithResetRecovery("SCardGetAttrib", () => link.GetAttrib(attribute.AttributeId, out value));
        return (object?)failure ?? new AttributeValue(site.Id, attribute.AttributeId, value);
    }

    public object Reconnect(Reconnect reconnect)
    {
        var error = link.Reconnect(reconnect.ShareMode, reconnect.Protocols, reconnect.Initialization);
        if (error != PcscError.Success)
        {
            return site.Fail("SCardReconnect", error);
        }

        site.Lease?.MarkWork();
        return new Reconnected(site.Id, link.Session!.Value, link.Protocol, [.. link.Atr ?? []]);
    }

    public object Detach(Detach detach)
    {
        if (detach.Disposition == CardDisposition.Eject && !link.CanEject(out var why))
        {
            return site.Failure(ReaderFailureReason.Unsupported, why);
        }

        if (Recovery.ClearRaisedSecurityState() is { } lost && !link.HasHandle)
        {
            return lost;
        }

        var session = link.Session!.Value;
        if (site.Lease is not null)
        {
            // Ending the lock first: pcsc-lite would otherwise keep other processes waiting until the disconnect is seen.
            link.EndTransaction(CardDisposition.Leave);
        }

        var error = link.Disconnect(detach.Disposition, out var ended);
        if (ended is null)
        {
            return site.Fail("SCardDisconnect", error);
        }

        securityState.Forget();
        site.Detached(ended, detach.Disposition);
        return new Detached(site.Id, session, detach.Disposition);
    }

    public object EndTransaction(EndTransaction end)
    {
        if (site.Lease?.Is(end.Id) != true)
        {
            return TransactionNotOpen(end.Id);
        }

        if (Recovery.ClearRaisedSecurityState() is { } lost && site.Lease is null)
        {
            return lost;
        }

        var error = link.EndTransaction(end.Disposition);
        // RESET_CARD from EndTransaction still means "released" (Windows 7+); the next call will reconnect.
        if (error is not (PcscError.Success or PcscError.ResetCard))
        {
            var failure = site.Fail("SCardEndTransaction", error);
            if (site.Lease is null)
            {
                return failure;
            }
        }

        site.LeaveTransaction();
        return new TransactionEnded(site.Id, end.Id, end.Disposition);
    }

    /// <summary>The holder vanished or is too slow: end the PC/SC transaction so the reader is not locked forever.</summary>
    public void LeaseExpired(TransactionLease lease)
    {
        if (Recovery.ClearRaisedSecurityState() is not null && site.Lease is null)
        {
            return;
        }

        var disposition = lease.DispositionOnExpiry(settings.ExpiredTransactionDisposition);
        var error = link.EndTransaction(disposition);
        site.Publish(new TransactionExpired(site.Id, lease.Id, lease.Holder, disposition, DateTimeOffset.UtcNow));
        if (error is not (PcscError.Success or PcscError.ResetCard or PcscError.NotTransacted))
        {
            site.Fail("SCardEndTransaction (lease expired)", error);
            if (site.Lease is null)
            {
                return;
            }
        }

        site.LeaveTransaction();
    }

    public ReaderFailure TransactionNotOpen(TransactionId id) =>
        site.Failure(ReaderFailureReason.TransactionEnded, $"transaction {id} is not open on this reader (ended, expired or never begun)");

    /// <summary>Runs a card call; after a reset by someone else the handle is acknowledged (<see cref="AcknowledgeReset"/>)
    /// and the call retried once. Null on success, else the failure (state already adjusted).</summary>
    private ReaderFailure? WithResetRecovery(string operation, Func<PcscError> call)
    {
        var error = call();
        if (PcscErrorPolicy.ReconnectFor(error) is { } initialization)
        {
            if (Recovery.AcknowledgeReset(operation, error, initialization) is { } failed)
            {
                return failed;
            }

            error = call();
        }

        return error == PcscError.Success ? null : site.Fail(operation, error);
    }

    /// <summary>Responses may carry secrets: wipe the bytes the card wrote (only those: wiping the whole 64 KiB rental
    /// cost more per APDU than the rest of the actor's work, docs/benchmarks.md) before the buffer goes back.</summary>
    private static void ReturnWiped(byte[] buffer, int received)
    {
        buffer.AsSpan(0, Math.Clamp(received, 0, buffer.Length)).Clear();
        ArrayPool<byte>.Shared.Return(buffer);
    }
}
