using SmartCardFleet.Storage.Database;

namespace SmartCardFleet.Storage;

/// <summary>Deletes what the retention bounds no longer keep: the audit records this node recorded (recorded_by, not the
/// station a request ran on, which for a routed request is another one) older than the retention days or beyond the
/// newest max rows, and its events older than the window or beyond the newest max rows. Other nodes' rows in a shared
/// database are theirs to prune.</summary>
internal sealed class Retention(StorageDatabase database, string station, StorageRetention bounds, TimeProvider time)
{
    /// <summary>Prunes now; returns the audit records and events deleted.</summary>
    public async Task<(int Audit, int Events)> PruneAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        var audit = await DbCommands.ExecuteAsync(connection, null,
            "DELETE FROM fleet_audit WHERE recorded_by = @station AND time_us < @cutoff", cancellationToken,
            ("@station", station), ("@cutoff", SqlDialect.ToStored(now.AddDays(-bounds.AuditRetentionDays))));
        audit += await DbCommands.ExecuteAsync(connection, null, BeyondNewest("fleet_audit", "recorded_by"), cancellationToken,
            ("@station", station), ("@keep", bounds.AuditMaxRows));
        var events = await DbCommands.ExecuteAsync(connection, null,
            "DELETE FROM fleet_events WHERE owner = @station AND time_us < @cutoff", cancellationToken,
            ("@station", station), ("@cutoff", SqlDialect.ToStored(now - bounds.EventWindow)));
        events += await DbCommands.ExecuteAsync(connection, null, BeyondNewest("fleet_events", "owner"), cancellationToken,
            ("@station", station), ("@keep", bounds.EventMaxRows));
        return (audit, events);
    }

    /// <summary>Deletes the rows older than the station's newest @keep (by id): the (keep+1)-th newest and below.</summary>
    private static string BeyondNewest(string table, string stationColumn) =>
        $"DELETE FROM {table} WHERE {stationColumn} = @station AND id <= " +
        $"(SELECT id FROM {table} WHERE {stationColumn} = @station ORDER BY id DESC LIMIT 1 OFFSET @keep)";
}
