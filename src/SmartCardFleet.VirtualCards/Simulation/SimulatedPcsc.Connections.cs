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

                Monitor.Wait(_gate);
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

    /// <summary>Checks a handle: InvalidHandle, NoService (dead context), ReaderUnavailable, then (optionally)
    /// the sticky ResetCard/RemovedCard event.</summary>
    private PcscError CheckHandle(nint card, bool includePending, out SimHandle handle)
    {
        if (!_handles.TryGetValue(card, out handle!))
        {
            return PcscError.InvalidHandle;
        }

        if (handle.Context.Dead)
        {
            return PcscError.NoService;
        }

        if (handle.PendingEvent == PcscError.ReaderUnavailable || (includePending && handle.PendingEvent != PcscError.Success))
        {
            return handle.PendingEvent;
        }

        return PcscError.Success;
    }

    /// <summary>Checks a handle and waits (like pcsc-lite, without timeout) while another handle holds the transaction.</summary>
    private PcscError AcquireHandle(nint card, out SimHandle handle)
    {
        while (true)
        {
            var check = CheckHandle(card, includePending: true, out handle);
            if (check != PcscError.Success)
            {
                return check;
            }

            var holder = handle.Reader.TransactionHolder;
            if (holder is null || holder == handle)
            {
                return PcscError.Success;
            }

            Monitor.Wait(_gate);
        }
    }

    private static PcscError CheckConnectable(SimulatedReader reader, ShareMode shareMode, SimHandle? except)
    {
        if (shareMode != ShareMode.Direct)
        {
            if (reader.Card is null)
            {
                return PcscError.NoSmartcard;
            }

            if (reader.CardIsMute || reader.Card.Faults.Mute)
            {
                return PcscError.UnresponsiveCard;
            }
        }

        bool othersConnected = reader.Connections.Any(c => c != except);
        bool otherExclusive = reader.Connections.Any(c => c != except && c.ShareMode == ShareMode.Exclusive);
        if (otherExclusive || (shareMode == ShareMode.Exclusive && othersConnected))
        {
            return PcscError.SharingViolation;
        }

        return PcscError.Success;
    }

    /// <summary>The card's protocol is fixed by the first connection after power-up; later ones must accept it.</summary>
    private static PcscError Negotiate(SimulatedReader reader, CardProtocol preferred, out CardProtocol active)
    {
        active = CardProtocol.Undefined;
        if (reader.ActiveProtocol != CardProtocol.Undefined)
        {
            if ((preferred & reader.ActiveProtocol) == 0)
            {
                return PcscError.ProtoMismatch;
            }

            active = reader.ActiveProtocol;
            return PcscError.Success;
        }

        var offered = AtrProtocols.Offered(reader.Card!.Atr);
        active = (preferred & offered & CardProtocol.T1) != 0 ? CardProtocol.T1
            : (preferred & offered & CardProtocol.T0) != 0 ? CardProtocol.T0
            : (preferred & CardProtocol.Raw) != 0 ? CardProtocol.Raw
            : CardProtocol.Undefined;
        if (active == CardProtocol.Undefined)
        {
            return PcscError.ProtoMismatch;
        }

        reader.ActiveProtocol = active;
        return PcscError.Success;
    }

    /// <summary>Reset/Unpower reset the card and flag every other handle with ResetCard; Eject empties the reader
    /// when it can eject, otherwise it acts as Unpower.</summary>
    private void ApplyDisposition(SimulatedReader reader, CardDisposition disposition, SimHandle? except)
    {
        if (reader.Card is not { } card || disposition == CardDisposition.Leave)
        {
            return;
        }

        if (disposition == CardDisposition.Eject && reader.CanEject)
        {
            DetachCard(reader);
            return;
        }

        if (disposition == CardDisposition.Reset)
        {
            card.Reset();
        }
        else
        {
            card.PowerOff();
            card.PowerOn();
        }

        FlagReset(reader, except);
    }
}
