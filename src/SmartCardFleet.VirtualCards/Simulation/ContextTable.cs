using SmartCardFleet.Pcsc;

namespace SmartCardFleet.VirtualCards.Simulation;

/// <summary>
/// The SCARDCONTEXTs of the simulated service and whether the service runs: a context made before the service stopped
/// stays dead (NoService) forever. Also hands out the ids of contexts and handles (one sequence, as pcscd's are
/// distinct). Public members take the simulation gate unless documented "under the gate" (see <see cref="SimulatedPcsc"/>).
/// </summary>
internal sealed class ContextTable(object gate, SimulatedPcscOptions options)
{
    private readonly Dictionary<nint, SimContext> _contexts = [];
    private long _nextId = 0x1000;
    private int _establishAttempts;
    private bool _running = options.ServiceRunning;

    public bool IsServiceRunning
    {
        get
        {
            lock (gate)
            {
                return _running;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (gate)
            {
                return _contexts.Count;
            }
        }
    }

    public int EstablishAttempts => Volatile.Read(ref _establishAttempts);

    public PcscError Establish(PcscScope scope, out nint context)
    {
        Interlocked.Increment(ref _establishAttempts);
        context = 0;
        if (scope is < PcscScope.User or > PcscScope.System)
        {
            return PcscError.InvalidValue;
        }

        lock (gate)
        {
            if (!_running)
            {
                return PcscError.NoService;
            }

            if (_contexts.Count >= options.MaxContexts)
            {
                return PcscError.NoMemory;
            }

            var created = new SimContext(NextId());
            _contexts.Add(created.Id, created);
            context = created.Id;
            return PcscError.Success;
        }
    }

    public PcscError IsValid(nint context)
    {
        lock (gate)
        {
            return _contexts.ContainsKey(context) ? PcscError.Success : PcscError.InvalidHandle;
        }
    }

    public PcscError Cancel(nint context)
    {
        lock (gate)
        {
            var check = Check(context, out var found);
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

    /// <summary>Under the gate. InvalidHandle for an unknown context, NoService for a dead one.</summary>
    public PcscError Check(nint context, out SimContext found)
    {
        if (!_contexts.TryGetValue(context, out found!))
        {
            return PcscError.InvalidHandle;
        }

        return found.Dead ? PcscError.NoService : PcscError.Success;
    }

    /// <summary>Under the gate.</summary>
    public bool Contains(nint context) => _contexts.ContainsKey(context);

    /// <summary>Under the gate: forgets the context (its handles are the caller's to drop).</summary>
    public bool Remove(nint context, out SimContext released) => _contexts.Remove(context, out released!);

    /// <summary>Under the gate: pcscd is killed; every context dies and its blocked status wait returns.</summary>
    public void StopService()
    {
        _running = false;
        foreach (var context in _contexts.Values)
        {
            context.Dead = true;
            context.Waiter?.Signal.Set();
        }
    }

    /// <summary>Under the gate: new contexts work again; the dead ones stay dead.</summary>
    public void StartService() => _running = true;

    /// <summary>Under the gate.</summary>
    public nint NextId() => (nint)(++_nextId);
}
