using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SmartCardFleet.Core.Plugins.Isolation;

/// <summary>
/// The dedicated threads one plugin's code runs on (one <see cref="PluginWorker"/> per call in flight, reused while
/// idle). Every call into the plugin is started here and awaited under a deadline (<see cref="PluginCall{T}.WaitAsync"/>);
/// a call past its deadline leaves its thread behind: the thread is abandoned (counted, named in the log) and the caller
/// goes on. At most <see cref="AbandonedLimit"/> threads of a plugin may be stuck at once: from then on no call starts
/// (it fails with <see cref="PluginThreadsExhaustedException"/>) and the host quarantines the plugin, so a plugin cannot
/// eat the machine's threads. A stuck thread that returns after all is counted back and reused.
/// </summary>
/// <remarks>docs/plugin-isolation.md: what this contains and what it cannot (ConfigureAwait(false), Environment.Exit,
/// stack overflow, native crashes).</remarks>
internal sealed class PluginThreads
{
    /// <summary>How long an idle worker thread waits for the next call before it ends (by default).</summary>
    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromSeconds(10);

    private static readonly Action<ILogger, string, string, string, int, int, Exception?> LogAbandoned =
        LoggerMessage.Define<string, string, string, int, int>(LogLevel.Warning, new EventId(4601),
            "Plugin {Owner}: {EntryPoint} passed its deadline; thread \"{Thread}\" is abandoned ({Abandoned} stuck, at most {Limit})");

    private static readonly Action<ILogger, string, string, Exception?> LogReturned = LoggerMessage.Define<string, string>(LogLevel.Information,
        new EventId(4602), "Plugin {Owner}: abandoned thread \"{Thread}\" returned after all and is reused");

    private static readonly Action<ILogger, string, string, Exception?> LogEscaped = LoggerMessage.Define<string, string>(LogLevel.Warning,
        new EventId(4603), "Plugin {Owner}: an exception escaped plugin code on thread \"{Thread}\" (async void?); the thread goes on");

    private readonly Lock _gate = new();
    private readonly List<PluginWorker> _idle = [];
    private readonly HashSet<PluginWorker> _abandoned = [];
    private readonly ILogger _log;
    private int _threads;
    private int _created;

    /// <param name="owner">The plugin id (or "loader {folder}"), in thread names and log lines.</param>
    /// <param name="abandonedLimit">How many threads may be stuck past a deadline before no call starts any more.</param>
    /// <param name="clock">Decides when an idle thread's <see cref="IdleTimeout"/> is over (the system clock by default).</param>
    public PluginThreads(string owner, int abandonedLimit, ILogger? log = null, TimeSpan? idleTimeout = null, TimeProvider? clock = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentOutOfRangeException.ThrowIfLessThan(abandonedLimit, 1);
        Owner = owner;
        AbandonedLimit = abandonedLimit;
        _log = log ?? NullLogger.Instance;
        IdleTimeout = idleTimeout ?? DefaultIdleTimeout;
        Clock = clock ?? TimeProvider.System;
    }

    public string Owner { get; }

    public int AbandonedLimit { get; }

    public TimeSpan IdleTimeout { get; }

    public TimeProvider Clock { get; }

    /// <summary>Threads stuck in a call whose caller stopped waiting.</summary>
    public int Abandoned
    {
        get
        {
            lock (_gate)
            {
                return _abandoned.Count;
            }
        }
    }

    /// <summary>The names of the stuck threads, for the operator.</summary>
    public IReadOnlyList<string> AbandonedThreads
    {
        get
        {
            lock (_gate)
            {
                return [.. _abandoned.Select(w => w.Name).Order(StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>Worker threads alive (busy, idle or stuck).</summary>
    public int Threads
    {
        get
        {
            lock (_gate)
            {
                return _threads;
            }
        }
    }

    /// <summary>True once <see cref="AbandonedLimit"/> threads are stuck: calls are refused and the plugin is quarantined.</summary>
    public bool Exhausted => Abandoned >= AbandonedLimit;

    /// <summary>Starts <paramref name="call"/> on one of the plugin's threads (an idle one, or a new one) and returns at
    /// once; the plugin's code, also the synchronous part before its first await, never runs on the caller's thread.</summary>
    /// <param name="entryPoint">What is called ("ExecuteAsync", "Match"), for the log.</param>
    public PluginCall<T> Start<T>(string entryPoint, Func<Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        PluginWorker worker;
        lock (_gate)
        {
            if (_abandoned.Count >= AbandonedLimit)
            {
                return PluginCall<T>.Refused(this, entryPoint, new PluginThreadsExhaustedException(Owner, entryPoint, _abandoned.Count,
                    [.. _abandoned.Select(w => w.Name)]));
            }

            worker = TakeIdle() ?? NewWorker();
            worker.Busy = true;
        }

        // Continuations of the caller's await must not run inline on the plugin's thread.
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        worker.Enqueue(_ => Run(worker, call, done), null);
        return new PluginCall<T>(this, worker, entryPoint, done.Task);
    }

    /// <summary>Starts a call without a result (a Task or ValueTask entry point).</summary>
    public PluginCall<bool> Start(string entryPoint, Func<Task> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return Start(entryPoint, async () =>
        {
            // Awaited on the worker: the continuation comes back to the same thread.
            await call();
            return true;
        });
    }

    /// <summary>The caller stopped waiting for <paramref name="worker"/>'s call; returns false when it ended meanwhile.</summary>
    internal bool Abandon(PluginWorker worker, string entryPoint)
    {
        int count;
        lock (_gate)
        {
            if (!worker.Busy || !_abandoned.Add(worker))
            {
                return false;
            }

            count = _abandoned.Count;
        }

        LogAbandoned(_log, Owner, entryPoint, worker.Name, count, AbandonedLimit, null);
        return true;
    }

    internal bool TryRetire(PluginWorker worker)
    {
        lock (_gate)
        {
            if (!_idle.Remove(worker))
            {
                return false;
            }

            _threads--;
            return true;
        }
    }

    internal void EscapedException(string thread, Exception ex) => LogEscaped(_log, Owner, thread, ex);

    private void Run<T>(PluginWorker worker, Func<Task<T>> call, TaskCompletionSource<T> done)
    {
        Task<T> task;
        try
        {
            task = call() ?? throw new InvalidOperationException($"plugin {Owner} returned null instead of a task");
        }
        catch (Exception ex)
        {
            Finish(worker);
            done.TrySetException(ex);
            return;
        }

        // ExecuteSynchronously: the bookkeeping is a few lines under a lock, wherever the plugin's task ended.
        task.ContinueWith(ended =>
        {
            Finish(worker);
            done.TrySetFromTask(ended);
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>The call's task ended: the worker takes the next call (also after it was abandoned).</summary>
    private void Finish(PluginWorker worker)
    {
        bool returned;
        lock (_gate)
        {
            worker.Busy = false;
            returned = _abandoned.Remove(worker);
            _idle.Add(worker);
        }

        if (returned)
        {
            LogReturned(_log, Owner, worker.Name, null);
        }
    }

    private PluginWorker? TakeIdle()
    {
        if (_idle.Count == 0)
        {
            return null;
        }

        var worker = _idle[^1];
        _idle.RemoveAt(_idle.Count - 1);
        return worker;
    }

    private PluginWorker NewWorker()
    {
        var worker = new PluginWorker(this, $"plugin {Owner} #{++_created}");
        _threads++;
        worker.Start();
        return worker;
    }
}
