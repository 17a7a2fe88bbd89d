using System.Collections.Concurrent;

namespace SmartCardFleet.Storage;

/// <summary>Whether the station's database works. Exactly one known name is accepted where it is parsed.</summary>
public enum StorageState
{
    Healthy,
    Failing,
}

/// <summary>The storage's state: Healthy, or Failing with a reason a person can act on ("database is locked", "disk
/// full", "PostgreSQL at host:port is unreachable: ...", never a password) since a time.</summary>
public sealed record StorageStatus(StorageState State, string? Reason, DateTimeOffset? Since)
{
    public static StorageStatus Healthy { get; } = new(StorageState.Healthy, null, null);

    public bool IsHealthy => State == StorageState.Healthy;

    public override string ToString() => IsHealthy ? "Healthy" : $"Failing since {Since:O}: {Reason}";
}

/// <summary>
/// The storage health the host's readiness and the job engine watch. Each part (schema, audit writer, event writer)
/// reports its own failure and recovery; the storage is Failing while any part fails, with the reason of the part that
/// failed first. <see cref="Changed"/> is raised on every change of <see cref="Status"/>, outside any lock.
/// </summary>
public sealed class StorageHealth(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, long> _dropped = new(StringComparer.Ordinal);
    private readonly List<(string Part, string Reason)> _failing = [];
    private StorageStatus _status = StorageStatus.Healthy;

    public StorageHealth()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Raised with the new status whenever it changes (from the writer's task: keep handlers short).</summary>
    public event EventHandler<StorageStatus>? Changed;

    public StorageStatus Status
    {
        get
        {
            lock (_gate)
            {
                return _status;
            }
        }
    }

    /// <summary>Rows refused because a writer's queue was full, per writer ("audit", "events").</summary>
    public IReadOnlyDictionary<string, long> Dropped => _dropped;

    /// <summary>Completes when <paramref name="condition"/> holds for the status: at once, or at the change that makes it hold.</summary>
    public async Task<StorageStatus> WhenAsync(Func<StorageStatus, bool> condition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var reached = new TaskCompletionSource<StorageStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(object? sender, StorageStatus status)
        {
            if (condition(status))
            {
                reached.TrySetResult(status);
            }
        }

        Changed += OnChanged;
        try
        {
            OnChanged(this, Status);
            return await reached.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            Changed -= OnChanged;
        }
    }

    internal void Failing(string part, string reason) => Update(() =>
    {
        var at = _failing.FindIndex(f => f.Part == part);
        if (at >= 0)
        {
            _failing[at] = (part, reason);
        }
        else
        {
            _failing.Add((part, reason));
        }
    });

    internal void Recovered(string part) => Update(() => _failing.RemoveAll(f => f.Part == part));

    internal void CountDropped(string part) => _dropped.AddOrUpdate(part, 1, (_, n) => n + 1);

    private void Update(Action change)
    {
        StorageStatus changed;
        lock (_gate)
        {
            change();
            var next = _failing.Count == 0
                ? StorageStatus.Healthy
                : new StorageStatus(StorageState.Failing, $"{_failing[0].Part}: {_failing[0].Reason}", _status.Since ?? time.GetUtcNow());
            if (next == _status)
            {
                return;
            }

            _status = changed = next;
        }

        Changed?.Invoke(this, changed);
    }
}
