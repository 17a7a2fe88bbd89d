using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Readers;

/// <summary>What a lock call returned: the PC/SC code and, for SCardConnect, the new handle and protocol.</summary>
internal record LockCallResult(PcscError Error, nint Card = 0, CardProtocol Protocol = CardProtocol.Undefined);

/// <summary>
/// A reader's own OS thread for the two PC/SC calls that can wait as long as another process wants
/// (SCardConnect, SCardBeginTransaction; docs/pcsc-notes.md §3), so the reader actor's mailbox never waits on them.
/// One call at a time; its result goes to the delivery callback (the actor Tells it to itself). Never the .NET thread
/// pool or an Akka dispatcher: a call may hold the thread for hours. The thread is made on first use, ends after
/// <see cref="DefaultIdleLifetime"/> without a call (a burst of atomic batches reuses it) and with <see cref="Abandon"/>.
/// <para>Ownership: while a call runs, the link's context and handle belong to this thread; the actor makes no PC/SC
/// call. When the actor stops (or restarts, or retires) with a call still running, it cannot release the context (the
/// release would wait behind the call on pcsc-lite's per-context lock), so <see cref="Abandon"/> hands the release to
/// this thread, which runs it right after the call returns. A result already delivered but not yet taken by the actor
/// (its message is still in the mailbox) is released by <see cref="Abandon"/> on the caller's thread.</para>
/// </summary>
internal sealed class LockWaiter(string name, TimeSpan? idleLifetime = null)
{
    /// <summary>How long an idle waiter thread stays for the next call (by default).</summary>
    public static readonly TimeSpan DefaultIdleLifetime = TimeSpan.FromSeconds(10);

    private readonly TimeSpan _idleLifetime = idleLifetime ?? DefaultIdleLifetime;

    private static int s_runningThreads;

    private readonly object _gate = new();
    private Thread? _thread;
    private Func<LockCallResult>? _call;
    private Action<LockCallResult>? _deliver;
    private Action<LockCallResult?>? _cleanup;
    private LockCallResult? _untaken;
    private bool _running;
    private bool _abandoned;

    /// <summary>Lock-waiter threads alive in this process (for leak checks).</summary>
    public static int RunningThreads => Volatile.Read(ref s_runningThreads);

    /// <summary>True from <see cref="Start"/> until the call returned.</summary>
    public bool Running
    {
        get
        {
            lock (_gate)
            {
                return _running;
            }
        }
    }

    /// <summary>Runs <paramref name="call"/> on the waiter's thread and hands its result to <paramref name="deliver"/>
    /// (on that thread). Throws when a call is still running or the waiter was abandoned: one call at a time.</summary>
    public void Start(Func<LockCallResult> call, Action<LockCallResult> deliver)
    {
        lock (_gate)
        {
            if (_running || _abandoned)
            {
                throw new InvalidOperationException($"lock waiter {name}: a call is still running or the waiter was abandoned");
            }

            _running = true;
            _call = call;
            _deliver = deliver;
            if (_thread is null)
            {
                _thread = new Thread(Loop) { IsBackground = true, Name = $"lock-waiter {name}" };
                _thread.Start();
            }

            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>The actor took <paramref name="result"/> from its mailbox: it owns what the result holds now.</summary>
    public void Taken(LockCallResult result)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_untaken, result))
            {
                _untaken = null;
            }
        }
    }

    /// <summary>The actor lets go. <paramref name="cleanup"/> (release handle and context) runs exactly once: now on the
    /// caller's thread when no call runs (with the result not yet taken, if any), else on the waiter's thread right after
    /// the running call returned (with its result). The thread ends either way. Returns true when the cleanup was
    /// left to the waiter's thread.</summary>
    public bool Abandon(Action<LockCallResult?> cleanup)
    {
        LockCallResult? untaken;
        lock (_gate)
        {
            _abandoned = true;
            Monitor.PulseAll(_gate);
            if (_running)
            {
                _cleanup = cleanup;
                return true;
            }

            untaken = _untaken;
            _untaken = null;
        }

        cleanup(untaken);
        return false;
    }

    private void Loop()
    {
        Interlocked.Increment(ref s_runningThreads);
        try
        {
            Serve();
        }
        finally
        {
            Interlocked.Decrement(ref s_runningThreads);
        }
    }

    private void Serve()
    {
        while (true)
        {
            Func<LockCallResult> call;
            lock (_gate)
            {
                while (_call is null && !_abandoned)
                {
                    if (!Monitor.Wait(_gate, _idleLifetime) && _call is null)
                    {
                        // Idle: end the thread (the next call makes a new one), so a large simulated fleet does not keep
                        // one parked thread per reader.
                        _thread = null;
                        return;
                    }
                }

                if (_call is null)
                {
                    return;
                }

                call = _call;
                _call = null;
            }

            var result = Run(call);
            Action<LockCallResult?>? cleanup;
            Action<LockCallResult>? deliver;
            lock (_gate)
            {
                _running = false;
                cleanup = _cleanup;
                _cleanup = null;
                deliver = cleanup is null ? _deliver : null;
                _untaken = cleanup is null ? result : null;
            }

            if (cleanup is not null)
            {
                cleanup(result);
                return;
            }

            deliver?.Invoke(result);
        }
    }

    /// <summary>An exception inside the binding is a bug: it comes back as a result the actor rethrows (crash, restart).</summary>
    private static LockCallResult Run(Func<LockCallResult> call)
    {
        try
        {
            return call();
        }
        catch (Exception ex)
        {
            return new LockCallFailed(ex);
        }
    }
}

/// <summary>A lock call that threw; the actor rethrows <paramref name="Exception"/> on its own thread.</summary>
internal sealed record LockCallFailed(Exception Exception) : LockCallResult(PcscError.InternalError);
