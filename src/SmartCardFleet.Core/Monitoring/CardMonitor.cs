using SmartCardFleet.Core.Readers;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Monitoring;

/// <summary>
/// One dedicated OS thread per station (not the ThreadPool, not an actor dispatcher) with its own PC/SC context,
/// looping SCardGetStatusChange over every reader plus <c>\\?PnP?\Notification</c> and handing what it sees to
/// <c>sink</c> (the manager's Tell). It never touches actor state and never dies on a reader error: an
/// UnknownReader abort re-lists and rebuilds the wait array; only a service-gone code ends it (reported first).
/// Stop cancels the wait on the monitor's own context and joins with a bound; the context is released by the
/// thread itself once its last call has returned, so it is never released under a running wait.
/// </summary>
internal sealed class CardMonitor : IDisposable
{
    private static readonly TimeSpan CancelRepeat = TimeSpan.FromMilliseconds(100);
    private static int s_runningThreads;

    private readonly IPcscApi _api;
    private readonly Action<object> _sink;
    private readonly int _generation;
    private readonly PcscScope _scope;
    private readonly TimeSpan _pollInterval;
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _stopRequested = new(false);
    private readonly Lock _gate = new();
    private nint _context;
    private bool _stopping;

    public CardMonitor(IPcscApi api, Action<object> sink, int generation, PcscScope scope, TimeSpan pollInterval)
    {
        _api = api;
        _sink = sink;
        _generation = generation;
        _scope = scope;
        _pollInterval = pollInterval;
        _thread = new Thread(Run) { IsBackground = true, Name = $"pcsc-monitor-{generation}" };
    }

    /// <summary>Monitor threads alive in this process (leak checks in tests).</summary>
    public static int RunningThreads => Volatile.Read(ref s_runningThreads);

    public int Generation => _generation;

    /// <summary>True while the monitor thread has not ended.</summary>
    public bool IsRunning => _thread.IsAlive;

    /// <summary>Counts the thread as running before it starts (not when it gets scheduled): whoever saw Start return,
    /// e.g. a spec that has just had the manager handle a retry, sees the new monitor in <see cref="RunningThreads"/>.</summary>
    public void Start()
    {
        Interlocked.Increment(ref s_runningThreads);
        try
        {
            _thread.Start();
        }
        catch
        {
            Interlocked.Decrement(ref s_runningThreads);
            throw;
        }
    }

    /// <summary>Cancels the wait and joins the thread for at most <paramref name="joinTimeout"/>. Returns false when the
    /// thread did not end in time: its context is then left to the thread (leaked rather than freed under a call).</summary>
    public bool Stop(TimeSpan joinTimeout)
    {
        lock (_gate)
        {
            _stopping = true;
        }

        _stopRequested.Set();
        var deadline = DateTime.UtcNow + joinTimeout;
        while (true)
        {
            // SCardCancel only ends a wait that is already running: a wait the loop enters just after it (between its
            // stop check and the call) would block forever, so the cancel is repeated until the thread has ended.
            lock (_gate)
            {
                if (_context != 0)
                {
                    _api.Cancel(_context);
                }
            }

            var left = deadline - DateTime.UtcNow;
            if (!_thread.IsAlive)
            {
                return true;
            }

            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            if (_thread.Join(left < CancelRepeat ? left : CancelRepeat))
            {
                return true;
            }
        }
    }

    public void Dispose()
    {
        Stop(TimeSpan.FromSeconds(8));
        _stopRequested.Dispose();
    }

    private void Run()
    {
        try
        {
            var error = _api.EstablishContext(_scope, out var context);
            if (error != PcscError.Success)
            {
                _sink(new MonitorLostService(_generation, error));
                return;
            }

            lock (_gate)
            {
                _context = context;
                if (_stopping)
                {
                    return;
                }
            }

            var loop = new MonitorLoop(_api, context, _generation, _pollInterval, _sink, () => Volatile.Read(ref _stopping), _stopRequested.WaitHandle);
            loop.Run();
        }
        finally
        {
            lock (_gate)
            {
                if (_context != 0)
                {
                    _api.ReleaseContext(_context);
                    _context = 0;
                }
            }

            Interlocked.Decrement(ref s_runningThreads);
        }
    }
}
