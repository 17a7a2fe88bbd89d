using SmartCardFleet.Pcsc;

namespace SmartCardFleet.VirtualCards.Simulation;

/// <summary>Shared checks of handle calls: validity, sticky events, sharing, protocol choice, dispositions.</summary>
public sealed partial class SimulatedPcsc
{
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

            WaitForLockChange();
        }
    }

    /// <summary>Waits (holding nothing) until someone pulses the lock: a transaction ended, a handle or card went,
    /// or the service stopped. pcsc-lite polls every 100 ms instead; the caller-visible behaviour is the same.</summary>
    private void WaitForLockChange()
    {
        Interlocked.Increment(ref _blockedTransactionWaits);
        try
        {
            Monitor.Wait(_gate);
        }
        finally
        {
            Interlocked.Decrement(ref _blockedTransactionWaits);
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

        if (reader.CardGoneUnnoticed)
        {
            DetachCard(reader);
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
