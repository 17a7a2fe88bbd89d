using SmartCardFleet.Pcsc;

namespace SmartCardFleet.VirtualCards.Simulation;

/// <summary>
/// An in-process PC/SC resource manager with pcsc-lite semantics (docs/pcsc-notes.md §2, §3, §5, §7, §9), for tests and
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
    private readonly HashSet<StatusWaiter> _broadWaiters = [];
    private int _readerSetVersion;
    private long _nextId = 0x1000;
    private long _nextInsertionId;
    private int _pnpCounter;
    private int _establishAttempts;
    private bool _running;
    private int _blockedStatusWaits;
    private int _blockedTransactionWaits;
    private int _exchangesInFlight;

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

    /// <summary>GetStatusChange calls blocked right now: lets a test act only once a wait is really waiting,
    /// instead of sleeping and hoping.</summary>
    public int BlockedStatusWaits => Volatile.Read(ref _blockedStatusWaits);

    /// <summary>Calls (Connect, BeginTransaction, Transmit, Control) blocked behind another handle's transaction right now.</summary>
    public int BlockedTransactionWaits => Volatile.Read(ref _blockedTransactionWaits);

    /// <summary>Card exchanges running right now (a Transmit inside the card's latency).</summary>
    public int ExchangesInFlight => Volatile.Read(ref _exchangesInFlight);

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
            }

            // The daemon's reader state dies with it: no connection or lock survives into the next service.

            foreach (var reader in _readers)
            {
                reader.Connections.Clear();
                reader.TransactionHolder = null;
                reader.Publish();
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

    private nint NextId() => (nint)(++_nextId);

    private PcscError CheckContext(nint context, out SimContext found)
    {
        if (!_contexts.TryGetValue(context, out found!))
        {
            return PcscError.InvalidHandle;
        }

        return found.Dead ? PcscError.NoService : PcscError.Success;
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
}
