using SmartCardFleet.Pcsc;
using SmartCardFleet.VirtualCards.Cards;

namespace SmartCardFleet.VirtualCards.Simulation;

/// <summary>
/// The readers of the simulated service and the life of the cards in them: readers come and go, cards are inserted,
/// pulled and reset (by "other processes" or by a disposition), and every such change flags the handles it affects and
/// wakes the waits that watch it. Public members take the simulation gate; members documented "under the gate" expect
/// the caller to hold it (see <see cref="SimulatedPcsc"/> for the lock discipline).
/// </summary>
internal sealed class ReaderRegistry(object gate, SimulatedPcscOptions options, StatusSignals signals)
{
    private readonly Dictionary<string, SimulatedReader> _readersByName = new(StringComparer.Ordinal);
    private readonly List<SimulatedReader> _readers = [];
    private long _nextInsertionId;
    private int _pnpCounter;

    /// <summary>Moves whenever a reader comes or goes, so a status wait can reuse its name lookups. Under the gate.</summary>
    public int ReaderSetVersion { get; private set; }

    /// <summary>The PnP entry's counter (modulo 0x10000); read without the gate by status evaluations.</summary>
    public int PnpCounter => Volatile.Read(ref _pnpCounter);

    /// <summary>Every reader, in the order they were added. Under the gate.</summary>
    public IReadOnlyList<SimulatedReader> All => _readers;

    /// <summary>Under the gate.</summary>
    public SimulatedReader? Find(string name) => _readersByName.GetValueOrDefault(name);

    public SimulatedReader Get(string name)
    {
        lock (gate)
        {
            return GetLocked(name);
        }
    }

    /// <summary>Plugs in a reader; waits that include the PnP entry wake up.</summary>
    public SimulatedReader Add(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        lock (gate)
        {
            if (_readersByName.ContainsKey(name))
            {
                throw new InvalidOperationException($"A reader named '{name}' already exists.");
            }

            if (_readers.Count >= options.MaxReaders)
            {
                throw new InvalidOperationException($"The simulated service serves at most {options.MaxReaders} readers.");
            }

            var reader = new SimulatedReader(this, name);
            _readersByName.Add(name, reader);
            _readers.Add(reader);
            ReaderListChanged();
            return reader;
        }
    }

    /// <summary>Unplugs a reader: its handles report ReaderUnavailable, waits on it see
    /// Unknown|Unavailable|Changed, and the next call naming it fails with UnknownReader.</summary>
    public void Remove(string name)
    {
        lock (gate)
        {
            var reader = GetLocked(name);
            if (reader.Card is not null)
            {
                DetachCard(reader);
            }

            reader.IsRemoved = true;
            foreach (var handle in reader.Connections)
            {
                handle.PendingEvent = PcscError.ReaderUnavailable;
            }

            _readersByName.Remove(name);
            _readers.Remove(reader);
            signals.ReaderChanged(reader);
            ReaderListChanged();
        }
    }

    public void InsertCard(SimulatedReader reader, IVirtualCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        lock (gate)
        {
            if (reader.IsRemoved)
            {
                throw new InvalidOperationException($"Reader '{reader.Name}' was removed.");
            }

            if (reader.Card is not null)
            {
                throw new InvalidOperationException($"Reader '{reader.Name}' already holds a card.");
            }

            reader.Card = card;
            reader.CardIsMute = card.Faults.Mute;
            reader.InsertionId = ++_nextInsertionId;
            reader.InsertionCancellation = new CancellationTokenSource();
            reader.ActiveProtocol = CardProtocol.Undefined;
            reader.EventCounter = (reader.EventCounter + 1) & 0xFFFF;
            card.Faults.ResetRequested += reader.OnCardRequestedReset;
            if (!reader.CardIsMute)
            {
                card.PowerOn();
            }

            signals.ReaderChanged(reader);
        }
    }

    public void RemoveCard(SimulatedReader reader)
    {
        lock (gate)
        {
            if (reader.Card is null)
            {
                throw new InvalidOperationException($"Reader '{reader.Name}' is empty.");
            }

            DetachCard(reader);
        }
    }

    public void PullCardUnnoticed(SimulatedReader reader)
    {
        lock (gate)
        {
            if (reader.Card is null)
            {
                throw new InvalidOperationException($"Reader '{reader.Name}' is empty.");
            }

            reader.CardGoneUnnoticed = true;
        }
    }

    public void ResetCardByOtherProcess(SimulatedReader reader, bool requireCard)
    {
        lock (gate)
        {
            if (reader.Card is not { } card)
            {
                // A reset fault racing with a removal has nothing left to reset.
                if (requireCard)
                {
                    throw new InvalidOperationException($"Reader '{reader.Name}' is empty.");
                }

                return;
            }

            card.Reset();
            FlagReset(reader, except: null);
        }
    }

    /// <summary>pcsc-lite's race between another process's reset and this process's acknowledgement of it: the card was
    /// reset and its protocol is undefined, but the handles hold no pending reset, so each transmit answers
    /// ProtoMismatch until a Reconnect negotiates the protocol again (docs/pcsc-notes.md §9).</summary>
    public void ResetRacingAcknowledgement(SimulatedReader reader)
    {
        lock (gate)
        {
            var card = reader.Card ?? throw new InvalidOperationException($"Reader '{reader.Name}' is empty.");
            card.Reset();
            reader.ActiveProtocol = CardProtocol.Undefined;
            foreach (var handle in reader.Connections.Where(h => h.InsertionId == reader.InsertionId))
            {
                handle.Protocol = CardProtocol.Undefined;
            }
        }
    }

    /// <summary>The daemon's reader state dies with it: no connection or lock survives into the next service. Under the gate.</summary>
    public void ForgetConnections()
    {
        foreach (var reader in _readers)
        {
            reader.Connections.Clear();
            reader.TransactionHolder = null;
            reader.Publish();
        }
    }

    /// <summary>The card leaves: counter +1, every handle to it reports RemovedCard, a held transaction ends. Under the gate.</summary>
    public void DetachCard(SimulatedReader reader)
    {
        var card = reader.Card!;
        card.Faults.ResetRequested -= reader.OnCardRequestedReset;
        // Cancelled, not disposed: a Transmit in flight may still hold its token and must see the cancellation.
        reader.InsertionCancellation?.Cancel();
        reader.InsertionCancellation = null;
        reader.Card = null;
        reader.CardIsMute = false;
        reader.CardGoneUnnoticed = false;
        reader.ActiveProtocol = CardProtocol.Undefined;
        reader.EventCounter = (reader.EventCounter + 1) & 0xFFFF;
        foreach (var handle in reader.Connections)
        {
            if (handle.InsertionId == reader.InsertionId && handle.PendingEvent == PcscError.Success)
            {
                handle.PendingEvent = PcscError.RemovedCard;
            }
        }

        reader.TransactionHolder = null;
        Monitor.PulseAll(gate);
        signals.ReaderChanged(reader);
    }

    /// <summary>Reset/Unpower reset the card and flag every other handle with ResetCard; Eject empties the reader
    /// when it can eject, otherwise it acts as Unpower. Under the gate.</summary>
    public void ApplyDisposition(SimulatedReader reader, CardDisposition disposition, SimHandle? except)
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

    private static void FlagReset(SimulatedReader reader, SimHandle? except)
    {
        foreach (var handle in reader.Connections)
        {
            if (handle != except && handle.InsertionId == reader.InsertionId && handle.PendingEvent == PcscError.Success)
            {
                handle.PendingEvent = PcscError.ResetCard;
            }
        }
    }

    private SimulatedReader GetLocked(string name) =>
        _readersByName.TryGetValue(name, out var reader)
            ? reader
            : throw new KeyNotFoundException($"No reader named '{name}'.");

    private void ReaderListChanged()
    {
        ReaderSetVersion++;
        _pnpCounter = (_pnpCounter + 1) & 0xFFFF;
        signals.ReaderListChanged();
    }
}
