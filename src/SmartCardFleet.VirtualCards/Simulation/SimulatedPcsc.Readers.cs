using SmartCardFleet.Pcsc;
using SmartCardFleet.VirtualCards.Cards;

namespace SmartCardFleet.VirtualCards.Simulation;

/// <summary>The test side: readers come and go, cards are inserted, pulled and reset by "other processes".</summary>
public sealed partial class SimulatedPcsc
{
    /// <summary>Plugs in a reader; waits that include the PnP entry wake up.</summary>
    public SimulatedReader AddReader(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        lock (_gate)
        {
            if (_readersByName.ContainsKey(name))
            {
                throw new InvalidOperationException($"A reader named '{name}' already exists.");
            }

            if (_readers.Count >= _options.MaxReaders)
            {
                throw new InvalidOperationException($"The simulated service serves at most {_options.MaxReaders} readers.");
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
    public void RemoveReader(string name)
    {
        lock (_gate)
        {
            var reader = GetReaderLocked(name);
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
            NotifyReader(reader);
            ReaderListChanged();
        }
    }

    public SimulatedReader GetReader(string name)
    {
        lock (_gate)
        {
            return GetReaderLocked(name);
        }
    }

    internal void InsertCard(SimulatedReader reader, IVirtualCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        lock (_gate)
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

            NotifyReader(reader);
        }
    }

    internal void RemoveCard(SimulatedReader reader)
    {
        lock (_gate)
        {
            if (reader.Card is null)
            {
                throw new InvalidOperationException($"Reader '{reader.Name}' is empty.");
            }

            DetachCard(reader);
        }
    }

    internal void PullCardUnnoticed(SimulatedReader reader)
    {
        lock (_gate)
        {
            if (reader.Card is null)
            {
                throw new InvalidOperationException($"Reader '{reader.Name}' is empty.");
            }

            reader.CardGoneUnnoticed = true;
        }
    }

    internal void ResetCardByOtherProcess(SimulatedReader reader, bool requireCard)
    {
        lock (_gate)
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

    private SimulatedReader GetReaderLocked(string name) =>
        _readersByName.TryGetValue(name, out var reader)
            ? reader
            : throw new KeyNotFoundException($"No reader named '{name}'.");

    /// <summary>The card leaves: counter +1, every handle to it reports RemovedCard, a held transaction ends.</summary>
    private void DetachCard(SimulatedReader reader)
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
        Monitor.PulseAll(_gate);
        NotifyReader(reader);
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

    private void NotifyReader(SimulatedReader reader)
    {
        reader.Publish();
        foreach (var waiter in reader.Waiters)
        {
            waiter.Signal.Set();
        }

        foreach (var waiter in _broadWaiters)
        {
            waiter.Signal.Set();
        }
    }

    private void ReaderListChanged()
    {
        _readerSetVersion++;
        _pnpCounter = (_pnpCounter + 1) & 0xFFFF;
        foreach (var waiter in _pnpWaiters)
        {
            waiter.Signal.Set();
        }
    }
}
