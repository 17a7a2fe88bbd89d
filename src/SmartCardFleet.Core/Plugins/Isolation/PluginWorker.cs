using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace SmartCardFleet.Core.Plugins.Isolation;

/// <summary>
/// One dedicated background thread of a plugin (never a ThreadPool or Akka dispatcher thread): it runs one plugin
/// call at a time and the continuations that call's awaits queue through its <see cref="WorkerSynchronizationContext"/>.
/// A blocked or spinning plugin holds this thread and nothing else. Idle for <see cref="PluginThreads.IdleTimeout"/>
/// (on <see cref="PluginThreads.Clock"/>), the thread ends; a continuation queued after that (a fire-and-forget task the plugin left behind) runs on a
/// short-lived thread of its own instead, still never on the ThreadPool.
/// </summary>
internal sealed class PluginWorker
{
    private readonly PluginThreads _owner;
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = [];
    private readonly Lock _gate = new();
    private readonly Thread _thread;
    private bool _retired;

    public PluginWorker(PluginThreads owner, string name)
    {
        _owner = owner;
        Name = name;
        Context = new WorkerSynchronizationContext(this);
        _thread = new Thread(Loop) { IsBackground = true, Name = name };
    }

    /// <summary>The thread's name, as logs and thread dumps show it.</summary>
    public string Name { get; }

    public WorkerSynchronizationContext Context { get; }

    public bool IsCurrentThread => Thread.CurrentThread == _thread;

    /// <summary>Set by <see cref="PluginThreads"/> under its lock: a call runs (from start to the end of its task).</summary>
    public bool Busy { get; set; }

    public void Start() => _thread.Start();

    public void Enqueue(SendOrPostCallback callback, object? state)
    {
        lock (_gate)
        {
            if (!_retired)
            {
                _queue.Add((callback, state));
                return;
            }
        }

        RunDetached(callback, state);
    }

    private void Loop()
    {
        SynchronizationContext.SetSynchronizationContext(Context);
        while (true)
        {
            if (RunNextBeforeIdleTimeout())
            {
                continue;
            }

            if (!_owner.TryRetire(this))
            {
                continue;
            }

            lock (_gate)
            {
                _retired = true;
            }

            // Queued between the idle timeout and the retirement: still ours to run.
            while (_queue.TryTake(out var late))
            {
                Invoke(late);
            }

            return;
        }
    }

    /// <summary>Runs the next queued item; false when none came within the idle timeout. A method of its own, so no
    /// stack slot of the loop keeps the last item (and through it the plugin's load context) alive while idle. Never
    /// inlined: once the runtime recompiles the busy loop with its callees inlined (tiered or on-stack replacement), the
    /// item would live in the loop's own frame again, and a disposed plugin's context would survive until this thread
    /// retires.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RunNextBeforeIdleTimeout()
    {
        if (TakeBeforeIdleTimeout() is not { } item)
        {
            return false;
        }

        Invoke(item);
        return true;
    }

    /// <summary>The next queued item, or null when none came within the idle timeout. The wait blocks this dedicated
    /// thread; the timeout is a timer of the owner's clock, so a spec decides when it is over.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private (SendOrPostCallback Callback, object? State)? TakeBeforeIdleTimeout()
    {
        if (_queue.TryTake(out var queued))
        {
            return queued;
        }

        using var idle = new CancellationTokenSource(_owner.IdleTimeout, _owner.Clock);
        try
        {
            return _queue.TryTake(out var item, Timeout.Infinite, idle.Token) ? item : null;
        }
        catch (OperationCanceledException) when (idle.IsCancellationRequested)
        {
            return null;
        }
    }

    private void Invoke((SendOrPostCallback Callback, object? State) item)
    {
        try
        {
            item.Callback(item.State);
        }
        catch (Exception ex)
        {
            // An exception escaping a continuation is an async void method of the plugin throwing: on the ThreadPool
            // it would end the process; here it ends nothing but that method.
            _owner.EscapedException(Name, ex);
        }
    }

    private void RunDetached(SendOrPostCallback callback, object? state)
    {
        var thread = new Thread(() =>
        {
            SynchronizationContext.SetSynchronizationContext(Context);
            Invoke((callback, state));
        })
        { IsBackground = true, Name = Name + " (late)" };
        thread.Start();
    }
}
