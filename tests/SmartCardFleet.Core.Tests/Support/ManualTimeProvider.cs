namespace SmartCardFleet.Core.Tests.Support;

/// <summary>
/// A TimeProvider whose time and timers move only in <see cref="Advance"/>: "due at 50 ms and not before" becomes a
/// decision of the spec instead of a race with the wall clock. Due timers run on the caller's thread, one at a time in
/// due order, with the clock set to their due time and no lock held, so a callback may re-arm or dispose its own timer
/// (as the scheduler does). Delays above what System.Threading.Timer takes are refused the way it refuses them.
/// <see cref="WhenAsync"/> signals when code on other threads has armed or disposed its timers, so a spec moves the
/// clock only after the timers it means to fire exist.
/// </summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    /// <summary>The longest due time System.Threading.Timer accepts (and so the system clock's timers).</summary>
    private static readonly TimeSpan MaxDueTime = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private static readonly DateTimeOffset Origin = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _armed = [];
    private readonly List<(Func<TimerCounts, bool> Condition, TaskCompletionSource Reached)> _waiters = [];
    private TimeSpan _now;
    private long _armings;
    private int _disposals;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Timers that will fire if time moves on: what would keep a real timer queue, and a core, busy.</summary>
    public int ArmedTimers
    {
        get
        {
            lock (_gate)
            {
                return _armed.Count;
            }
        }
    }

    /// <summary>A task that completes once <paramref name="condition"/> holds for the clock's timers: at once when it
    /// holds now, otherwise at the arming, firing or disposal that makes it hold.</summary>
    public Task WhenAsync(Func<TimerCounts, bool> condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        lock (_gate)
        {
            if (condition(Counts()))
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((condition, reached));
            return reached.Task;
        }
    }

    public override long GetTimestamp()
    {
        lock (_gate)
        {
            return _now.Ticks;
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return Origin + _now;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves time by <paramref name="by"/> (zero runs what is due now), firing every timer that comes due.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        TimeSpan target;
        lock (_gate)
        {
            target = _now + by;
        }

        while (NextDue(target) is { } due)
        {
            due.Callback(due.State);
        }
    }

    /// <summary>Takes the earliest timer due by <paramref name="target"/> off the list (a periodic one is re-armed) and
    /// sets the clock to its due time; with none due the clock reaches the target.</summary>
    private ManualTimer? NextDue(TimeSpan target)
    {
        lock (_gate)
        {
            var due = _armed.Where(t => t.DueAt <= target).MinBy(t => (t.DueAt, t.Arming));
            if (due is null)
            {
                _now = target;
                return null;
            }

            _now = due.DueAt;
            _armed.Remove(due);
            if (due.Period > TimeSpan.Zero)
            {
                Arm(due, due.Period);
            }

            Changed();
            return due;
        }
    }

    private TimerCounts Counts() => new(_armed.Count, _disposals);

    /// <summary>Under the lock, after the timers changed: completes the waits whose condition now holds (their
    /// continuations run asynchronously, not under the lock).</summary>
    private void Changed()
    {
        var counts = Counts();
        foreach (var waiter in _waiters.Where(w => w.Condition(counts)).ToList())
        {
            _waiters.Remove(waiter);
            waiter.Reached.SetResult();
        }
    }

    private void Arm(ManualTimer timer, TimeSpan dueTime)
    {
        timer.DueAt = _now + dueTime;
        timer.Arming = ++_armings;
        _armed.Add(timer);
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private bool _disposed;

        public TimerCallback Callback { get; } = callback;

        public object? State { get; } = state;

        public TimeSpan DueAt { get; set; }

        public TimeSpan Period { get; private set; }

        public long Arming { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            foreach (var value in (ReadOnlySpan<TimeSpan>)[dueTime, period])
            {
                if (value != Timeout.InfiniteTimeSpan && (value < TimeSpan.Zero || value > MaxDueTime))
                {
                    throw new ArgumentOutOfRangeException(nameof(dueTime), value, "outside what System.Threading.Timer takes");
                }
            }

            lock (owner._gate)
            {
                if (_disposed)
                {
                    return false;
                }

                owner._armed.Remove(this);
                Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    owner.Arm(this, dueTime);
                }

                owner.Changed();
                return true;
            }
        }

        public void Dispose()
        {
            lock (owner._gate)
            {
                if (!_disposed)
                {
                    _disposed = true;
                    owner._disposals++;
                }

                owner._armed.Remove(this);
                owner.Changed();
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>The timers of a <see cref="ManualTimeProvider"/>: armed now, and disposed so far.</summary>
internal readonly record struct TimerCounts(int Armed, int Disposed);
