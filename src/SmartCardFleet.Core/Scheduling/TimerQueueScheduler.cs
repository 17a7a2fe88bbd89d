using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Event;

namespace SmartCardFleet.Core.Scheduling;

/// <summary>
/// An Akka scheduler that puts every scheduled item on .NET's timer queue, which sleeps until the next item is due.
/// Akka's default HashedWheelTimerScheduler ticks every 10 ms from the first item scheduled until the system stops,
/// even when nothing is pending: on an idle kiosk that was ~5–6 % of a core (docs/benchmarks.md, figure 5). Items
/// fire on the .NET ThreadPool and only Tell or run Akka's short scheduling actions, as with the default scheduler.
/// Enable with <see cref="Configuration.CoreConfig.IdleFriendlyScheduler"/>. Time and timers come from a
/// <see cref="TimeProvider"/> (the system's in production), so specs prove what fires when by moving a clock.
/// </summary>
internal sealed class TimerQueueScheduler : SchedulerBase, IDateTimeOffsetNowTimeProvider, IDisposable
{
    /// <summary>Longest delay System.Threading.Timer (behind the system clock's timers) takes; longer ones are
    /// re-armed when they come due.</summary>
    private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly TimeProvider _clock;
    private readonly long _origin;
    private readonly ConcurrentDictionary<Registration, byte> _pending = new();
    private volatile bool _disposed;

    /// <summary>The constructor Akka calls for <c>akka.scheduler.implementation</c>: real time.</summary>
    public TimerQueueScheduler(Config scheduler, ILoggingAdapter log)
        : this(scheduler, log, TimeProvider.System)
    {
    }

    internal TimerQueueScheduler(Config scheduler, ILoggingAdapter log, TimeProvider clock)
        : base(scheduler, log)
    {
        _clock = clock;
        _origin = clock.GetTimestamp();
    }

    /// <summary>Items scheduled and not yet fired (for a repeated item: not cancelled), for tests and diagnostics.</summary>
    public int PendingCount => _pending.Count;

    public override TimeSpan MonotonicClock => _clock.GetElapsedTime(_origin);

    public override TimeSpan HighResMonotonicClock => _clock.GetElapsedTime(_origin);

    protected override DateTimeOffset TimeNow => _clock.GetUtcNow();

    public void Dispose()
    {
        _disposed = true;
        foreach (var registration in _pending.Keys)
        {
            registration.Stop();
        }
    }

    protected override void InternalScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef sender, ICancelable cancelable) =>
        Schedule(delay, null, () => receiver.Tell(message, sender), cancelable);

    protected override void InternalScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message,
        IActorRef sender, ICancelable cancelable) =>
        Schedule(initialDelay, interval, () => receiver.Tell(message, sender), cancelable);

    protected override void InternalScheduleOnce(TimeSpan delay, Action action, ICancelable cancelable) =>
        Schedule(delay, null, action, cancelable);

    protected override void InternalScheduleOnce(TimeSpan delay, IRunnable action, ICancelable cancelable) =>
        Schedule(delay, null, action.Run, cancelable);

    protected override void InternalScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action, ICancelable cancelable) =>
        Schedule(initialDelay, interval, action, cancelable);

    protected override void InternalScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, IRunnable action, ICancelable cancelable) =>
        Schedule(initialDelay, interval, action.Run, cancelable);

    private void Schedule(TimeSpan delay, TimeSpan? interval, Action action, ICancelable? cancelable)
    {
        if (_disposed)
        {
            // Like the default scheduler after shutdown: nothing runs any more.
            return;
        }

        new Registration(this, action, interval, cancelable).Start(delay);
    }

    /// <summary>One scheduled item: its timer, re-armed for a repeated item, stopped on cancel or shutdown.</summary>
    private sealed class Registration
    {
        private readonly TimerQueueScheduler _owner;
        private readonly Action _action;
        private readonly TimeSpan? _interval;
        private readonly ICancelable? _cancelable;
        private readonly Lock _gate = new();
        private ITimer? _timer;
        private CancellationTokenRegistration _onCancel;
        private TimeSpan _remainder;
        private bool _stopped;

        public Registration(TimerQueueScheduler owner, Action action, TimeSpan? interval, ICancelable? cancelable)
        {
            _owner = owner;
            _action = action;
            _interval = interval;
            _cancelable = cancelable;
        }

        public void Start(TimeSpan delay)
        {
            _owner._pending.TryAdd(this, 0);
            if (_cancelable is not null)
            {
                // A cancelled item leaves the timer queue now, not when it would have come due (leases of minutes);
                // one cancelled already is stopped right here, before it has a timer.
                _onCancel = _cancelable.Token.Register(static state => ((Registration)state!).Stop(), this);
            }

            lock (_gate)
            {
                if (_stopped)
                {
                    return;
                }

                _timer = _owner._clock.CreateTimer(static state => ((Registration)state!).Fire(), this, Timeout.InfiniteTimeSpan,
                    Timeout.InfiniteTimeSpan);
                Arm(delay);
            }
        }

        public void Stop()
        {
            lock (_gate)
            {
                if (_stopped)
                {
                    return;
                }

                _stopped = true;
                _timer?.Dispose();
            }

            _onCancel.Dispose();
            _owner._pending.TryRemove(this, out _);
        }

        private void Fire()
        {
            lock (_gate)
            {
                if (_stopped)
                {
                    return;
                }

                if (_remainder > TimeSpan.Zero)
                {
                    // A delay longer than one timer period takes: wait for the rest.
                    Arm(_remainder);
                    return;
                }
            }

            if (_cancelable is { IsCancellationRequested: true } || _owner._disposed)
            {
                Stop();
                return;
            }

            try
            {
                _action();
            }
            catch (Exception ex)
            {
                _owner.Log.Error(ex, "A scheduled action failed");
            }

            if (_interval is not { } interval)
            {
                Stop();
                return;
            }

            lock (_gate)
            {
                if (!_stopped)
                {
                    Arm(interval);
                }
            }
        }

        private void Arm(TimeSpan delay)
        {
            var clamped = delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
            _remainder = clamped > MaxTimerDelay ? clamped - MaxTimerDelay : TimeSpan.Zero;
            _timer!.Change(clamped > MaxTimerDelay ? MaxTimerDelay : clamped, Timeout.InfiniteTimeSpan);
        }
    }
}
