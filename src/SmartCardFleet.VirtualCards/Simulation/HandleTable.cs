using SmartCardFleet.Pcsc;

namespace SmartCardFleet.VirtualCards.Simulation;

/// <summary>
/// The SCARDHANDLEs: Connect, Reconnect, Disconnect and Status, the checks every handle call makes (validity, sticky
/// events, another handle's transaction) and the wait for a transaction to end, which is a wait on the simulation
/// gate's monitor. Public members take the gate unless documented "under the gate" (see <see cref="SimulatedPcsc"/>).
/// </summary>
internal sealed class HandleTable(object gate, ContextTable contexts, ReaderRegistry readers, StatusSignals signals)
{
    private readonly Dictionary<nint, SimHandle> _handles = [];
    private int _blockedLockWaits;

    public int Count
    {
        get
        {
            lock (gate)
            {
                return _handles.Count;
            }
        }
    }

    /// <summary>Calls blocked behind another handle's transaction right now.</summary>
    public int BlockedLockWaits => Volatile.Read(ref _blockedLockWaits);

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

        lock (gate)
        {
            SimContext ctx;
            SimulatedReader target;
            while (true)
            {
                var check = contexts.Check(context, out ctx);
                if (check != PcscError.Success)
                {
                    return check;
                }

                if (readers.Find(reader) is not { } found)
                {
                    return PcscError.UnknownReader;
                }

                target = found;
                check = SharingRules.CheckConnectable(target, shareMode, except: null);
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
                var negotiated = SharingRules.Negotiate(target, preferredProtocols, out activeProtocol);
                if (negotiated != PcscError.Success)
                {
                    return negotiated;
                }
            }

            var handle = new SimHandle(contexts.NextId(), ctx, target, target.Card is null ? 0 : target.InsertionId)
            {
                ShareMode = shareMode,
                Protocol = activeProtocol,
            };
            _handles.Add(handle.Id, handle);
            ctx.Handles.Add(handle);
            target.Connections.Add(handle);
            signals.ReaderChanged(target);
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

        lock (gate)
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
                readers.DetachCard(reader);
                return PcscError.NoSmartcard;
            }

            check = SharingRules.CheckConnectable(reader, shareMode, except: handle);
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
                var negotiated = SharingRules.Negotiate(reader, preferredProtocols, out var protocol);
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
            readers.ApplyDisposition(reader, initialization == CardDisposition.Eject ? CardDisposition.Unpower : initialization, handle);
            handle.PendingEvent = PcscError.Success;
            handle.ShareMode = shareMode;
            signals.ReaderChanged(reader);
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

        lock (gate)
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
                readers.ApplyDisposition(reader, disposition, except: null);
            }

            return PcscError.Success;
        }
    }

    public PcscError Status(nint card, out CardStatus status)
    {
        lock (gate)
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

    /// <summary>Under the gate. Checks a handle: InvalidHandle, NoService (dead context), ReaderUnavailable, then (optionally)
    /// the sticky ResetCard/RemovedCard event.</summary>
    public PcscError CheckHandle(nint card, bool includePending, out SimHandle handle)
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

    /// <summary>Under the gate. Checks a handle and waits (like pcsc-lite, without timeout) while another handle holds the transaction.</summary>
    public PcscError AcquireHandle(nint card, out SimHandle handle)
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

    /// <summary>Under the gate. Waits (releasing the gate) until someone pulses the lock: a transaction ended, a handle or card went,
    /// or the service stopped. pcsc-lite polls every 100 ms instead; the caller-visible behaviour is the same.</summary>
    private void WaitForLockChange()
    {
        Interlocked.Increment(ref _blockedLockWaits);
        try
        {
            Monitor.Wait(gate);
        }
        finally
        {
            Interlocked.Decrement(ref _blockedLockWaits);
        }
    }

    /// <summary>Under the gate: frees every handle of a released context.</summary>
    public void DropAll(SimContext context)
    {
        foreach (var handle in context.Handles.ToList())
        {
            DropHandle(handle);
        }
    }

    private void DropHandle(SimHandle handle)
    {
        _handles.Remove(handle.Id);
        handle.Context.Handles.Remove(handle);
        var reader = handle.Reader;
        if (reader.Connections.Remove(handle))
        {
            if (reader.TransactionHolder == handle)
            {
                reader.TransactionHolder = null;
            }

            Monitor.PulseAll(gate);
            signals.ReaderChanged(reader);
        }
    }
}
