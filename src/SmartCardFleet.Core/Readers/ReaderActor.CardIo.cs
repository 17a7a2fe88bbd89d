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
        var error = _api.Connect(_context, _name, shareMode, protocols, out var card, out var active);
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
        var error = _api.Reconnect(_card, reconnect.ShareMode, reconnect.Protocols, reconnect.Initialization, out var active);
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

    private object DoTransmit(Transmit transmit)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(_settings.ReceiveBufferSize);
        try
        {
            var received = 0;
            var stopwatch = new Stopwatch();
            var result = WithResetRecovery("SCardTransmit", () =>
            {
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
            return new Transmitted(_id, buffer.AsSpan(0, received - 2).ToArray(), statusWord, stopwatch.Elapsed);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

    private object DoControl(Control control)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Control.MaxLength);
        try
        {
            var received = 0;
            var result = WithResetRecovery("SCardControl",
                () => _api.Control(_card, control.ControlCode, control.Data, buffer.AsSpan(0, Control.MaxLength), out received));
            MarkTransactionWork();
            return (object?)result ?? new ControlResponse(_id, control.ControlCode, buffer.AsSpan(0, received).ToArray());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
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
            var reconnectError = _api.Reconnect(_card, _shareMode, _requestedProtocols, initialization, out var active);
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

    private void RefreshAtr()
    {
        if (_api.Status(_card, out var status) == PcscError.Success)
        {
            _atr = [.. status.Atr];
        }
    }

    /// <summary>Turns a PC/SC code into the typed failure and moves the state machine (pcsc-facts §7).</summary>
    private ReaderFailure HandleError(string operation, PcscError error, PcscCallKind kind = PcscCallKind.Card)
    {
        var what = $"{operation} failed: {error.Describe()}";
        switch (PcscReactions.For(error, kind))
        {
            case PcscReaction.ServiceLost:
                EnterServiceLost(error);
                return Failure(ReaderFailureReason.ServiceUnavailable, what, error);
            case PcscReaction.Fatal:
                var fault = Failure(ReaderFailureReason.PcscError, $"{what}: the environment refuses PC/SC access (fatal)", error);
                EnterFaulted(fault);
                return fault;
            case PcscReaction.ReaderLost:
                DropCardAfterLoss("reader gone", ReaderFailureReason.ReaderGone, BecomeNoCard);
                return Failure(ReaderFailureReason.ReaderGone, what, error);
            case PcscReaction.CardLost:
                DropCardAfterLoss("card removed", ReaderFailureReason.CardGone, BecomeNoCard);
                return Failure(ReaderFailureReason.CardGone, what, error);
            case PcscReaction.HandleLost:
                DropCardAfterLoss("stale handle", ReaderFailureReason.InvalidHandle, BecomeCardPresent);
                return Failure(ReaderFailureReason.InvalidHandle, $"{what}; the handle was dropped, Attach again", error);
            case PcscReaction.Busy:
                return Failure(ReaderFailureReason.SharingViolation, $"{what}: another process holds the card", error);
            case PcscReaction.Mute:
                return Failure(ReaderFailureReason.CardMute, $"{what}: the card does not answer; insert another card", error);
            case PcscReaction.Unsupported:
                return Failure(ReaderFailureReason.Unsupported, what, error);
            case PcscReaction.NotTransacted:
                return OnNotTransacted(what, error);
            case PcscReaction.CardReset:
            case PcscReaction.Reconnect:
            case PcscReaction.Fail:
            default:
                return Failure(ReaderFailureReason.PcscError, what, error);
        }
    }

    /// <summary>NOT_TRANSACTED mid-command usually means the card was pulled; otherwise our lock is gone (reset). Either
    /// way our idea of the transaction is resynchronised instead of retried.</summary>
    private ReaderFailure OnNotTransacted(string what, PcscError error)
    {
        var status = default(CardStatus);
        var statusError = _card == 0 ? PcscError.Success : _api.Status(_card, out status);
        var cardGone = statusError == PcscError.Success
            ? status is not null && status.State.HasFlag(CardState.Absent)
            : PcscReactions.For(statusError, PcscCallKind.CardRemoved) is PcscReaction.CardLost;
        if (cardGone)
        {
            DropCardAfterLoss("card removed", ReaderFailureReason.CardGone, BecomeNoCard);
            return Failure(ReaderFailureReason.CardGone, $"{what}; the card is gone", error);
        }

        if (_transaction is not null)
        {
            EndLease();
            BecomeAttached();
            Stash.UnstashAll();
        }

        return Failure(ReaderFailureReason.PcscError, $"{what}; the transaction lock is lost", error);
    }

    private void DropCardAfterLoss(string reason, ReaderFailureReason stashReason, Action nextState)
    {
        if (_transaction is not null)
        {
            EndLease();
        }

        ReleaseCard(CardDisposition.Leave, reason, notifyManager: true);
        FailStash(stashReason, $"queued behind a session that ended: {reason}");
        nextState();
    }

    private void EnterServiceLost(PcscError error)
    {
        if (_state == ReaderState.ServiceLost)
        {
            return;
        }

        _log.Warning("Reader {0}: PC/SC service lost ({1})", _id, error);
        if (_transaction is not null)
        {
            EndLease();
        }

        // The manager remembers the attachment so it can re-attach after recovery: do not report a detach here.
        ReleaseCard(CardDisposition.Leave, "service lost", notifyManager: false);
        FailStash(ReaderFailureReason.ServiceUnavailable, "the PC/SC service is gone");
        if (_context != 0)
        {
            // SCardIsValidContext cannot be trusted after a daemon restart: release unconditionally.
            _api.ReleaseContext(_context);
            _context = 0;
        }

        BecomeServiceLost(error);
        _manager.Tell(new ReaderLostService(_id, error));
    }

    private void EnterFaulted(ReaderFailure fault)
    {
        _log.Error("Reader {0} faulted: {1}", _id, fault.Message);
        if (_transaction is not null)
        {
            EndLease();
        }

        ReleaseCard(CardDisposition.Leave, "reader faulted", notifyManager: true);
        FailStash(fault.Reason, fault.Message);
        BecomeFaulted(fault);
        Publish(new ReaderFaulted(_id, fault.Message, fault.Error, DateTimeOffset.UtcNow));
    }

    /// <summary>Disconnects (errors ignored: the handle may already be dead) and forgets the card handle.</summary>
    private void ReleaseCard(CardDisposition disposition, string reason, bool notifyManager)
    {
        if (_card == 0)
        {
            return;
        }

        _api.Disconnect(_card, disposition);
        ForgetCard(disposition, reason, notifyManager);
    }

    private void ForgetCard(CardDisposition disposition, string reason, bool notifyManager)
    {
        var session = _session;
        _card = 0;
        _session = null;
        if (session is { } id)
        {
            Publish(new CardDetached(_id, id, disposition, reason, DateTimeOffset.UtcNow));
        }

        if (notifyManager)
        {
            _manager.Tell(new ReaderAttachmentChanged(_id, null, CardProtocol.Undefined));
        }
    }
}
