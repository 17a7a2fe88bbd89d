using Akka.Actor;
using SmartCardFleet.Core.Configuration;

namespace SmartCardFleet.Core.Fleet;

/// <summary>
/// Service loss (docs/pcsc-notes.md §7): every reader retires and the monitor stops so all old contexts are released
/// first, then the manager re-establishes with exponential backoff and jitter (one new monitor per attempt; its first
/// reader list means the service is back). This plain class keeps the count and which readers are still stopping.
/// </summary>
internal sealed class ServiceRecoveryPlan(BackoffSettings backoff)
{
    private readonly HashSet<IActorRef> _stopping = [];
    private bool _retryPending;

    public int Attempts { get; private set; }

    public void Begin(IEnumerable<IActorRef> retiring)
    {
        _stopping.Clear();
        _stopping.UnionWith(retiring);
        Attempts = 0;
        _retryPending = false;
    }

    /// <summary>True when <paramref name="reader"/> was one of the retiring readers.</summary>
    public bool Stopped(IActorRef reader) => _stopping.Remove(reader);

    /// <summary>The delay of the next attempt, or null while readers still hold contexts (Windows recycles handle values,
    /// so old contexts go first) or a retry is already scheduled.</summary>
    public TimeSpan? NextRetry(double random)
    {
        if (_stopping.Count > 0 || _retryPending)
        {
            return null;
        }

        _retryPending = true;
        return backoff.DelayFor(Attempts, random);
    }

    /// <summary>The retry timer fired: false when the attempts are used up, else counts one.</summary>
    public bool TryAttempt()
    {
        _retryPending = false;
        if (backoff.MaxRetries >= 0 && Attempts >= backoff.MaxRetries)
        {
            return false;
        }

        Attempts++;
        return true;
    }
}
