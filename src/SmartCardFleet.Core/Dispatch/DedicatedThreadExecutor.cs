using Akka.Dispatch;

namespace SmartCardFleet.Core.Dispatch;

/// <summary>One background OS thread running what Akka hands it in order, sleeping in <see cref="Monitor.Wait(object)"/>
/// (a futex wait, no spinning) while there is nothing to run. After <see cref="Shutdown"/> it finishes what is queued
/// and ends.</summary>
internal sealed class DedicatedThreadExecutor : ExecutorService
{
    private readonly Queue<IRunnable> _queue = new();
    private readonly object _gate = new();
    private bool _waiting;
    private bool _shutdown;

    public DedicatedThreadExecutor(string id)
        : base(id)
    {
        var thread = new Thread(Run) { IsBackground = true, Name = id };
        thread.Start();
    }

    public override void Execute(IRunnable run)
    {
        lock (_gate)
        {
            _queue.Enqueue(run);
            if (_waiting)
            {
                Monitor.Pulse(_gate);
            }
        }
    }

    public override void Shutdown()
    {
        lock (_gate)
        {
            _shutdown = true;
            Monitor.Pulse(_gate);
        }
    }

    private void Run()
    {
        while (true)
        {
            IRunnable next;
            lock (_gate)
            {
                while (_queue.Count == 0)
                {
                    if (_shutdown)
                    {
                        return;
                    }

                    _waiting = true;
                    Monitor.Wait(_gate);
                    _waiting = false;
                }

                next = _queue.Dequeue();
            }

            next.Run();
        }
    }
}
