namespace SmartCardFleet.Storage;

/// <summary>How much the station's database keeps: whichever bound is reached first applies. Each station prunes its own
/// rows only, so stations sharing a central PostgreSQL keep their own history. Pruning runs at start and then every
/// <see cref="PruneInterval"/>.</summary>
/// <param name="AuditRetentionDays">Audit records older than this many days are deleted.</param>
/// <param name="AuditMaxRows">At most this many of the station's newest audit records are kept.</param>
/// <param name="EventWindow">Events older than this are deleted from the durable event window.</param>
/// <param name="EventMaxRows">At most this many of the station's newest events are kept.</param>
/// <param name="PruneInterval">How often pruning runs after the first run at start (at most 49 days).</param>
public sealed record StorageRetention(int AuditRetentionDays, long AuditMaxRows, TimeSpan EventWindow, long EventMaxRows, TimeSpan PruneInterval)
{
    /// <summary>A year or five million audit records; a day or a million events; pruned hourly.</summary>
    public static StorageRetention Default { get; } = new(365, 5_000_000, TimeSpan.FromHours(24), 1_000_000, TimeSpan.FromHours(1));

    /// <summary>Throws with a clear message when a bound is not positive.</summary>
    public StorageRetention Validated()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(AuditRetentionDays);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(AuditMaxRows);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(EventWindow, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(EventMaxRows);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PruneInterval, TimeSpan.Zero);
        // The longest period a timer takes (about 49 days).
        ArgumentOutOfRangeException.ThrowIfGreaterThan(PruneInterval, TimeSpan.FromDays(49));
        return this;
    }
}

/// <summary>The writers' and connections' knobs. The defaults suit a station; tests shorten the waits.</summary>
/// <param name="QueueCapacity">Rows each writer (audit, events) holds while the database is slow or failing; beyond it
/// Record/Append answer false and the row is counted as dropped.</param>
/// <param name="BatchSize">At most this many rows go into one transaction.</param>
/// <param name="RetryInitial">The first wait after a failed batch; it doubles up to <paramref name="RetryMax"/>.</param>
/// <param name="RetryMax">The longest wait between retries.</param>
/// <param name="SqliteBusyTimeout">How long a SQLite write waits for another connection's lock before it fails with
/// "database is locked".</param>
/// <param name="StopFlushTimeout">How long stopping waits for the queued rows to be written.</param>
public sealed record StorageTuning(int QueueCapacity, int BatchSize, TimeSpan RetryInitial, TimeSpan RetryMax, TimeSpan SqliteBusyTimeout,
    TimeSpan StopFlushTimeout)
{
    public static StorageTuning Default { get; } = new(50_000, 1_000, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5),
        TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5));
}
