using SmartCardFleet.Pcsc;
using SmartCardFleet.VirtualCards.Cards;

namespace SmartCardFleet.VirtualCards.Simulation;

/// <summary>
/// An in-process PC/SC resource manager with pcsc-lite semantics (pcsc-facts.md §7, §8, §10–§12), for tests and
/// demos of the reader actors without pcscd. Calls block like the real ones (GetStatusChange, a transaction held
/// by another handle, a card's latency) on the caller's thread. One lock guards all state; blocked waits are woken
/// per affected context, and transaction waiters through the lock's monitor.
/// Choices where pcsc-lite leaves room: Eject on a reader without <see cref="SimulatedReader.CanEject"/> acts as
/// Unpower; a second GetStatusChange on a context already waiting gets InvalidParameter; Unpower is a cold reset
/// (the card is powered again at once); event counters survive <see cref="StopService"/>.
/// </summary>
public sealed partial class SimulatedPcsc : IPcscApi
{
    private readonly object _gate = new();
    private readonly SimulatedPcscOptions _options;
    private readonly Dictionary<string, SimulatedReader> _readersByName = new(StringComparer.Ordinal);
    private readonly List<SimulatedReader> _readers = [];
    private readonly Dictionary<nint, SimContext> _contexts = [];
    private readonly Dictionary<nint, SimHandle> _handles = [];
    private readonly HashSet<StatusWaiter> _pnpWaiters = [];
    private long _nextId = 0x1000;
    private long _nextInsertionId;
    private int _pnpCounter;
    private int _establishAttempts;
    private bool _running;

    public SimulatedPcsc(SimulatedPcscOptions? options = null)
    {
        _options = options ?? new SimulatedPcscOptions();
        _running = _options.ServiceRunning;
    }

    public string Name => "simulated";

    public IReadOnlyList<SimulatedReader> Readers
    {
        get
        {
            lock (_gate)
            {
                return [.. _readers];
            }
        }
    }

    public bool IsServiceRunning
    {
        get
        {
            lock (_gate)
            {
                return _running;
            }
        }
    }

    public int OpenContextCount
    {
        get
        {
            lock (_gate)
            {
                return _contexts.Count;
            }
        }
    }

    public int OpenCardHandleCount
    {
        get
        {
            lock (_gate)
            {
                return _handles.Count;
            }
        }
    }

    public int EstablishContextAttempts => Volatile.Read(ref _establishAttempts);

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

    /// <summary>pcscd is killed: every existing context and handle answers NoService from now on (blocked calls
    /// return at once), IsValidContext still says Success, EstablishContext fails until <see cref="StartService"/>.</summary>
    public void StopService()
    {
        lock (_gate)
        {
            _running = false;
            foreach (var context in _contexts.Values)
            {
                context.Dead = true;
                context.Waiter?.Signal.Set();
                foreach (var handle in context.Handles)
                {
                    handle.Attached = false;
                }
            }

            foreach (var reader in _readers)
            {
                reader.Connections.Clear();
                reader.TransactionHolder = null;
            }

            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>pcscd is back: new contexts work; contexts from before stay dead forever.</summary>
    public void StartService()
    {
        lock (_gate)
        {
            _running = true;
        }
    }

    public PcscError EstablishContext(PcscScope scope, out nint context)
    {
        Interlocked.Increment(ref _establishAttempts);
        context = 0;
        if (scope is < PcscScope.User or > PcscScope.System)
        {
            return PcscError.InvalidValue;
        }

        lock (_gate)
        {
            if (!_running)
            {
                return PcscError.NoService;
            }

            if (_contexts.Count >= _options.MaxContexts)
            {
                return PcscError.NoMemory;
            }

            var created = new SimContext(NextId());
            _contexts.Add(created.Id, created);
            context = created.Id;
            return PcscError.Success;
        }
    }

    /// <summary>Frees the context and its handles in every case (a dead one answers NoService but is freed too,
    /// as pcsc-lite's client does).</summary>
    public PcscError ReleaseContext(nint context)
    {
        lock (_gate)
        {
            if (!_contexts.Remove(context, out var released))
            {
                return PcscError.InvalidHandle;
            }

            foreach (var handle in released.Handles.ToList())
            {
                DropHandle(handle);
            }

            released.Waiter?.Signal.Set();
            return released.Dead ? PcscError.NoService : PcscError.Success;
        }
    }

    public PcscError IsValidContext(nint context)
    {
        lock (_gate)
        {
            return _contexts.ContainsKey(context) ? PcscError.Success : PcscError.InvalidHandle;
        }
    }

    public PcscError ListReaders(nint context, string? groups, out IReadOnlyList<string> readers)
    {
        readers = [];
        lock (_gate)
        {
            var check = CheckContext(context, out _);
            if (check != PcscError.Success)
            {
                return check;
            }

            readers = _readers.ConvertAll(r => r.Name);
            return PcscError.Success;
        }
    }

    public PcscError ListReaderGroups(nint context, out IReadOnlyList<string> groups)
    {
        groups = [];
        lock (_gate)
        {
            var check = CheckContext(context, out _);
            if (check == PcscError.Success)
            {
                groups = ["SCard$DefaultReaders"];
            }

            return check;
        }
    }

    public PcscError Cancel(nint context)
    {
        lock (_gate)
        {
            var check = CheckContext(context, out var found);
            if (check != PcscError.Success)
            {
                return check;
            }

            if (found.Waiter is { } waiter)
            {
                waiter.Cancelled = true;
                waiter.Signal.Set();
            }

            return PcscError.Success;
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

    private nint NextId() => (nint)(++_nextId);

    private PcscError CheckContext(nint context, out SimContext found)
    {
        if (!_contexts.TryGetValue(context, out found!))
        {
            return PcscError.InvalidHandle;
        }

        return found.Dead ? PcscError.NoService : PcscError.Success;
    }

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

            Monitor.PulseAll(_gate);
            NotifyReader(reader);
        }
    }

    private static void NotifyReader(SimulatedReader reader)
    {
        foreach (var waiter in reader.Waiters)
        {
            waiter.Signal.Set();
        }
    }

    private void ReaderListChanged()
    {
        _pnpCounter = (_pnpCounter + 1) & 0xFFFF;
        foreach (var waiter in _pnpWaiters)
        {
            waiter.Signal.Set();
        }
    }
}
