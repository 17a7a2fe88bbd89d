using SmartCardFleet.Core.Events;

namespace SmartCardFleet.Benchmarks.Support;

/// <summary>Hands fleet events to whoever waits for one (thread-safe; waiters registered before the event arrives).</summary>
public sealed class EventTap
{
    private readonly Lock _gate = new();
    private readonly List<Func<IFleetEvent, long, bool>> _waiters = [];

    public Task<(T Event, long Timestamp)> Next<T>(Func<T, bool> match)
        where T : IFleetEvent
    {
        var completion = new TaskCompletionSource<(T, long)>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _waiters.Add((e, ts) =>
            {
                if (e is T typed && match(typed))
                {
                    completion.TrySetResult((typed, ts));
                    return true;
                }

                return false;
            });
        }

        return completion.Task;
    }

    public void Publish(IFleetEvent fleetEvent, long timestamp)
    {
        lock (_gate)
        {
            _waiters.RemoveAll(waiter => waiter(fleetEvent, timestamp));
        }
    }
}
