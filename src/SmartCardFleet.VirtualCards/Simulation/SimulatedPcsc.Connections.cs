using SmartCardFleet.Pcsc;

namespace SmartCardFleet.VirtualCards.Simulation;

public sealed partial class SimulatedPcsc
{
    public PcscError Connect(nint context, string reader, ShareMode shareMode, CardProtocol preferredProtocols,
        out nint card, out CardProtocol activeProtocol)
    {
        ArgumentNullException.ThrowIfNull(reader);
        card = 0;
        activeProtocol = CardProtocol.Undefined;
        if (!Enum.IsDefined(shareMode) || (shareMode != ShareMode.Direct && (preferredProtocols & (CardProtocol.Any | CardProtocol.Raw)) == 0))
        {
            return PcscError.InvalidValue;
        }

        lock (_gate)
        {
            SimContext ctx;
            SimulatedReader target;
            while (true)
            {
                var check = CheckContext(context, out ctx);
                if (check != PcscError.Success)
                {
                    return check;
                }

                if (!_readersByName.TryGetValue(reader, out target!))
                {
                    return PcscError.UnknownReader;
                }

                check = CheckConnectable(target, shareMode, except: null);
                if (check != PcscError.Success)
                {
                    return check;
                }

                // pcsc-lite: SCardConnect on a reader locked by a transaction waits for the lock (PCSC#254).
                if (target.TransactionHolder is null)
                {
                    break;
                }

                WaitForLockChange();
            }

            if (target.Card is not null && !target.CardIsMute && preferredProtocols != CardProtocol.Undefined)
            {
                var negotiated = Negotiate(target, preferredProtocols, out activeProtocol);
                if (negotiated != PcscError.Success)
                {
                    return negotiated;
                }
            }

            var handle = new SimHandle(NextId(), ctx, target, target.Card is null ? 0 : target.InsertionId)
            {
                ShareMode = shareMode,
                Protocol = activeProtocol,
            };
            _handles.Add(handle.Id, handle);
            ctx.Handles.Add(handle);
            target.Connections.Add(handle);
            NotifyReader(target);
            card = handle.Id;
            return PcscError.Success;
        }
    }

    public PcscError Reconnect(nint card, ShareMode shareMode, CardProtocol preferredProtocols,
        CardDisposition initialization, out CardProtocol activeProtocol)
    {
        activeProtocol = CardProtocol.Undefined;
        if (!Enum.IsDefined(shareMode) || !Enum.IsDefined(initialization))
        {
            return PcscError.InvalidValue;
        }

        lock (_gate)
        {
            // A pending ResetCard is what Reconnect acknowledges, so only the fatal events stop it here.
            var check = CheckHandle(card, includePending: false, out var handle);
            if (check != PcscError.Success)
            {
                return check;
            }

            var reader = handle.Reader;
            if (handle.PendingEvent == PcscError.RemovedCard)
            {
                return reader.Card is null ? PcscError.NoSmartcard : PcscError.RemovedCard;
            }

            if (reader.CardGoneUnnoticed && initialization != CardDisposition.Leave)
            {
                // pcsc-lite: the reset finds no card and marks the reader absent at once, before its presence poll.
                DetachCard(reader);
                return PcscError.NoSmartcard;
            }

            check = CheckConnectable(reader, shareMode, except: handle);
            if (check != PcscError.Success)
            {
                return check;
            }

            if (handle.Protocol != CardProtocol.Undefined && (preferredProtocols & handle.Protocol) == 0)
            {
                return PcscError.ProtoMismatch;
            }

            if (handle.Protocol == CardProtocol.Undefined && reader.Card is not null && !reader.CardIsMute &&
                preferredProtocols != CardProtocol.Undefined)
            {
                var negotiated = Negotiate(reader, preferredProtocols, out var protocol);
                if (negotiated != PcscError.Success)
                {
                    return negotiated;
                }

                handle.Protocol = protocol;
            }

            if (reader.Card is not null && handle.InsertionId == 0)
            {
                // A direct connection made on an empty reader takes on the card inserted since.
                handle.InsertionId = reader.InsertionId;
            }

            // Eject is not an initialisation: treated as Unpower, like Disconnect on a reader that cannot eject.
            ApplyDisposition(reader, initialization == CardDisposition.Eject ? CardDisposition.Unpower : initialization, handle);
            handle.PendingEvent = PcscError.Success;
            handle.ShareMode = shareMode;
            NotifyReader(reader);
            activeProtocol = handle.Protocol;
            return PcscError.Success;
        }
    }

    public PcscError Disconnect(nint card, CardDisposition disposition)
    {
        if (!Enum.IsDefined(disposition))
        {
            return PcscError.InvalidValue;
        }

        lock (_gate)
        {
            if (!_handles.TryGetValue(card, out var handle))
            {
                return PcscError.InvalidHandle;
            }

            if (handle.Context.Dead)
            {
                // As in pcsc-lite, the handle is only freed with its context once the daemon is gone.
                return PcscError.NoService;
            }

            var reader = handle.Reader;
            bool ownsCard = reader.Card is not null && !reader.IsRemoved && handle.InsertionId == reader.InsertionId &&
                handle.PendingEvent is PcscError.Success or PcscError.ResetCard;
            DropHandle(handle);
            if (ownsCard)
            {
                ApplyDisposition(reader, disposition, except: null);
            }

            return PcscError.Success;
        }
    }

    public PcscError Status(nint card, out CardStatus status)
    {
        lock (_gate)
        {
            var check = CheckHandle(card, includePending: true, out var handle);
            if (check != PcscError.Success)
            {
                status = new CardStatus(handle?.Reader.Name ?? "", CardState.Unknown, CardProtocol.Undefined, []);
                return check;
            }

            var reader = handle.Reader;
            if (reader.Card is null || handle.InsertionId != reader.InsertionId)
            {
                status = new CardStatus(reader.Name, CardState.Absent, CardProtocol.Undefined, []);
                return PcscError.Success;
            }

            var state = CardState.Present | CardState.Powered |
                (handle.Protocol == CardProtocol.Undefined ? CardState.None : CardState.Specific);
            status = new CardStatus(reader.Name, state, handle.Protocol, reader.ReportedAtr());
            return PcscError.Success;
        }
    }
}
