using System.Buffers;
using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Readers;

// PC/SC calls on the card handle. Each Do* returns the reply: its success record or a ReaderFailure.
public sealed partial class ReaderActor
{
    private object DoAttach(ShareMode shareMode, CardProtocol protocols)
    {
        PcscError error;
        nint card;
        CardProtocol active;
        // pcsc-lite: SCardConnect waits without timeout while another process holds a transaction on the reader.
        using (Blocking("SCardConnect", BlockingCallKind.LockWait))
        {
            error = _api.Connect(_context, _name, shareMode, protocols, out card, out active);
        }

        if (error is PcscError.NoSmartcard or PcscError.RemovedCard)
        {
            // An empty reader is a normal answer to Attach, not a lost card.
            if (_state == ReaderState.CardPresent)
            {
                _atr = null;
                BecomeNoCard();
            }

            return Failure(ReaderFailureReason.NoCard, "no card in the reader", error);
        }

        if (error != PcscError.Success)
        {
            return HandleError("SCardConnect", error, PcscCallKind.Context);
        }

        var atr = _atr ?? [];
        if (_api.Status(card, out var status) == PcscError.Success)
        {
            atr = status.Atr;
        }

        return TakeCard(card, active, shareMode, protocols, atr);
    }

    /// <summary>Adopts a handle only when SCardStatus says it is live and connected to this very reader (seed: AttachByHandle
    /// answered E_INVALIDARG otherwise). The issuing context must stay alive: on pcsc-lite releasing it kills the handle.</summary>
    private object DoAdopt(AttachByHandle adopt)
    {
        var error = _api.Status(adopt.Handle, out var status);
        if (error != PcscError.Success)
        {
            return Failure(ReaderFailureReason.InvalidHandle, $"0x{adopt.Handle:X} is not a live card handle ({error}); not taken", error);
        }

        if (!string.Equals(status.ReaderName, _name, StringComparison.Ordinal))
        {
            return Failure(ReaderFailureReason.InvalidHandle, $"the handle belongs to reader '{status.ReaderName}', not '{_name}'; not taken");
        }

        return TakeCard(adopt.Handle, status.Protocol, adopt.ShareMode, status.Protocol, status.Atr);
    }

    private Attached TakeCard(nint card, CardProtocol active, ShareMode shareMode, CardProtocol requested, byte[] atr)
    {
        _card = card;
        _protocol = active;
        _shareMode = shareMode;
        _requestedProtocols = requested == CardProtocol.Undefined ? active : requested;
        _atr = [.. atr];
        _session = SessionId.New();
        _pendingReattach = null;
        BecomeAttached();
        Publish(new CardAttached(_id, _session.Value, active, shareMode, [.. atr], DateTimeOffset.UtcNow));
        _manager.Tell(new ReaderAttachmentChanged(_id, shareMode, _requestedProtocols));
        return new Attached(_id, _session.Value, active, shareMode, [.. atr]);
    }

    private object DoDetach(Detach detach)
    {
        if (detach.Disposition == CardDisposition.Eject && !CanEject(out var why))
        {
            return Failure(ReaderFailureReason.Unsupported, why);
        }

        if (ClearRaisedSecurityState() is { } lost && _card == 0)
        {
            return lost;
        }

        var session = _session!.Value;
        if (_transaction is not null)
        {
            // Ending the lock first: pcsc-lite would otherwise keep other processes waiting until the disconnect is seen.
            _api.EndTransaction(_card, CardDisposition.Leave);
            EndLease();
        }

        var error = _api.Disconnect(_card, detach.Disposition);
        var handleAlreadyDead = PcscReactions.For(error) is PcscReaction.CardLost or PcscReaction.HandleLost or PcscReaction.ReaderLost;
        if (error != PcscError.Success && !handleAlreadyDead)
        {
            return HandleError("SCardDisconnect", error);
        }

        ForgetCard(detach.Disposition, "detach requested", notifyManager: true);
        FailStash(ReaderFailureReason.NotAttached, "the session these requests waited for was detached");
        BecomeCardPresent();
        return new Detached(_id, session, detach.Disposition);
    }

    private bool CanEject(out string why)
    {
        var error = _api.GetAttrib(_card, PcscAttributes.Characteristics, out var value);
        if (error != PcscError.Success || value.Length < 4)
        {
            why = $"the reader does not report its mechanical characteristics ({error}); Eject refused";
            return false;
        }

        // SCARD_ATTR_CHARACTERISTICS (0x00060150) is a little-endian DWORD; bit 0x2 = the reader can eject.
        var characteristics = (ReaderMechanicalCharacteristics)BitConverter.ToUInt32(value, 0);
        why = $"the reader has no eject mechanism (SCARD_ATTR_CHARACTERISTICS = {characteristics}); Eject refused";
        return characteristics.HasFlag(ReaderMechanicalCharacteristics.Ejects);
    }

    private object DoReconnect(Reconnect reconnect)
    {
        PcscError error;
        CardProtocol active;
        using (Blocking("SCardReconnect", BlockingCallKind.CardExchange))
        {
            error = _api.Reconnect(_card, reconnect.ShareMode, reconnect.Protocols, reconnect.Initialization, out active);
        }

        if (error != PcscError.Success)
        {
            return HandleError("SCardReconnect", error);
        }

        _protocol = active;
        _shareMode = reconnect.ShareMode;
        _requestedProtocols = reconnect.Protocols;
        RefreshAtr();
        MarkTransactionWork();
        return new Reconnected(_id, _session!.Value, active, [.. _atr ?? []]);
    }

    /// <summary>APDUs are never logged or put into events: VERIFY, CHANGE REFERENCE DATA and RESET RETRY COUNTER
    /// bodies carry PINs.</summary>
    private object DoTransmit(Transmit transmit)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(_settings.ReceiveBufferSize);
        var received = 0;
        try
        {
            var stopwatch = new Stopwatch();
            var result = WithResetRecovery("SCardTransmit", () =>
            {
                using var busy = Blocking("SCardTransmit", BlockingCallKind.CardExchange);
                stopwatch.Restart();
                var error = _api.Transmit(_card, _protocol, transmit.Command, buffer.AsSpan(0, _settings.ReceiveBufferSize), out received);
                stopwatch.Stop();
                return error;
            });
            MarkTransactionWork();
            if (result is not null)
            {
                return result;
            }

            if (received < 2)
            {
                return Failure(ReaderFailureReason.PcscError, $"the card answered {received} byte(s), less than a status word");
            }

            var statusWord = (ushort)((buffer[received - 2] << 8) | buffer[received - 1]);
            _securityState.Observe(transmit.Command, statusWord);
            return new Transmitted(_id, buffer.AsSpan(0, received - 2).ToArray(), statusWord, stopwatch.Elapsed);
        }
        finally
        {
            ReturnWiped(buffer, received);
        }
    }

    private object DoControl(Control control)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Control.MaxLength);
        var received = 0;
        try
        {
            var result = WithResetRecovery("SCardControl", () =>
            {
                using var busy = Blocking("SCardControl", BlockingCallKind.CardExchange);
                return _api.Control(_card, control.ControlCode, control.Data, buffer.AsSpan(0, Control.MaxLength), out received);
            });
            MarkTransactionWork();
            return (object?)result ?? new ControlResponse(_id, control.ControlCode, buffer.AsSpan(0, received).ToArray());
        }
        finally
        {
            ReturnWiped(buffer, received);
        }
    }

    /// <summary>Responses may carry secrets, so the pooled buffer is wiped before it goes back — but only the bytes the
    /// card wrote: wiping the whole 64 KiB+ rental cost more per APDU than the rest of the actor's work (benchmarks).</summary>
    private static void ReturnWiped(byte[] buffer, int received)
    {
        buffer.AsSpan(0, Math.Clamp(received, 0, buffer.Length)).Clear();
        ArrayPool<byte>.Shared.Return(buffer);
    }

    private object DoGetAttribute(GetAttribute attribute)
    {
        byte[] value = [];
        var result = WithResetRecovery("SCardGetAttrib", () => _api.GetAttrib(_card, attribute.AttributeId, out value));
        return (object?)result ?? new AttributeValue(_id, attribute.AttributeId, value);
    }

    /// <summary>Runs a card call; when another process reset the card (or pcscd powered it down) the handle is
    /// acknowledged with Reconnect(same share mode, LEAVE) — RESET for an unpowered card — CardReset is published, and
    /// the call is retried once. Returns null on success, else the failure (state already adjusted).</summary>
    private ReaderFailure? WithResetRecovery(string operation, Func<PcscError> call)
    {
        var error = call();
        var reaction = PcscReactions.For(error);
        if (reaction is PcscReaction.CardReset or PcscReaction.Reconnect)
        {
            var initialization = reaction == PcscReaction.Reconnect ? CardDisposition.Reset : CardDisposition.Leave;
            PcscError reconnectError;
            CardProtocol active;
            using (Blocking("SCardReconnect", BlockingCallKind.CardExchange))
            {
                reconnectError = _api.Reconnect(_card, _shareMode, _requestedProtocols, initialization, out active);
            }

            if (reconnectError != PcscError.Success)
            {
                return HandleError("SCardReconnect after reset", reconnectError);
            }

            _protocol = active;
            RefreshAtr();
            _log.Info("Reader {0}: card was reset ({1}); reconnected with {2}, retrying {3} once", _id, error, initialization, operation);
            Publish(new CardReset(_id, _session!.Value, error, DateTimeOffset.UtcNow));
            error = call();
        }

        return error == PcscError.Success ? null : HandleError(operation, error);
    }

    /// <summary>The policy reset (docs/security.md): when a caller raised the card's security state, SCardReconnect with
    /// RESET — inside our transaction when one is open, so no other process gets the card in between — and CardReset
    /// with reason SecurityStateCleared. Returns the failure when the reset failed (state already adjusted).</summary>
    private ReaderFailure? ClearRaisedSecurityState()
    {
        if (!_securityState.Raised || _card == 0)
        {
            return null;
        }

        _securityState.Forget();
        var error = ResetCardNow();
        if (error != PcscError.Success)
        {
            var failure = HandleError("SCardReconnect to clear the card's security state", error);
            _log.Warning("Reader {0}: the card could not be reset after a verified PIN: {1}", _id, failure);
            return failure;
        }

        Publish(new CardReset(_id, _session!.Value, PcscError.Success, DateTimeOffset.UtcNow) { Reason = CardResetReason.SecurityStateCleared });
        return null;
    }

    /// <summary>SCardReconnect with RESET on our handle, same share mode and protocols: the card comes back in a known
    /// state (no selection, no verified PIN). Only a reset reaches the card itself.</summary>
    private PcscError ResetCardNow()
    {
        PcscError error;
        CardProtocol active;
        using (Blocking("SCardReconnect", BlockingCallKind.CardExchange))
        {
            error = _api.Reconnect(_card, _shareMode, _requestedProtocols, CardDisposition.Reset, out active);
        }

        if (error == PcscError.Success)
        {
            _protocol = active;
            RefreshAtr();
            _securityState.Forget();
        }

        return error;
    }

    private void RefreshAtr()
    {
        if (_api.Status(_card, out var status) == PcscError.Success)
        {
            _atr = [.. status.Atr];
        }
    }
}
