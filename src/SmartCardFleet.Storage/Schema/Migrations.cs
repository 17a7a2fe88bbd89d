using SmartCardFleet.Storage.Database;

namespace SmartCardFleet.Storage.Schema;

/// <summary>
/// The station schema's steps, oldest first (docs/storage.md, "Schema"). Akka.Persistence.Sql creates its own journal and
/// snapshot tables; they are not ours. Times are BIGINT microseconds since the Unix epoch, UTC.
/// </summary>
internal static class Migrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "audit journal and durable event window", V1),
        new(2, "audit records owned by the node that recorded them", V2),
    ];

    public static int Latest => All[^1].Version;

    private static IReadOnlyList<string> V1(SqlDialect sql) =>
    [
        $"""
        CREATE TABLE fleet_audit (
            id {sql.IdentityColumn},
            time_us BIGINT NOT NULL,
            station TEXT NOT NULL,
            reader TEXT NULL,
            card_atr TEXT NULL,
            card_uid TEXT NULL,
            who TEXT NOT NULL,
            action TEXT NOT NULL,
            what TEXT NULL,
            outcome TEXT NOT NULL,
            status INTEGER NOT NULL,
            detail TEXT NULL)
        """,
        // Every filter pairs with the id: a page is "matching rows below the cursor, newest first", one index range each.
        "CREATE INDEX ix_fleet_audit_time ON fleet_audit (time_us)",
        "CREATE INDEX ix_fleet_audit_station ON fleet_audit (station, id)",
        "CREATE INDEX ix_fleet_audit_reader ON fleet_audit (reader, id)",
        "CREATE INDEX ix_fleet_audit_who ON fleet_audit (who, id)",
        "CREATE INDEX ix_fleet_audit_action ON fleet_audit (action, id)",
        "CREATE INDEX ix_fleet_audit_outcome ON fleet_audit (outcome, id)",
        // Event ids are per station, so several stations' windows share one central table keyed by (owner, id).
        """
        CREATE TABLE fleet_events (
            owner TEXT NOT NULL,
            id BIGINT NOT NULL,
            type TEXT NOT NULL,
            station TEXT NULL,
            reader_id TEXT NULL,
            time_us BIGINT NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (owner, id))
        """,
        "CREATE INDEX ix_fleet_events_time ON fleet_events (owner, time_us)",
    ];

    /// <summary>fleet_audit.station is where a request ran, which for a request a console routed is another station, so
    /// retention by it pruned the wrong node's rows. recorded_by is the node that wrote the row, like fleet_events.owner.
    /// A v1 row can only be attributed to the station it names: before v2 nearly every row was recorded where it ran.</summary>
    private static IReadOnlyList<string> V2(SqlDialect sql) =>
    [
        "ALTER TABLE fleet_audit ADD COLUMN recorded_by TEXT NULL",
        "UPDATE fleet_audit SET recorded_by = station WHERE recorded_by IS NULL",
        // Retention counts and prunes per recorder: the newest rows by id, and the oldest by time.
        "CREATE INDEX ix_fleet_audit_recorded_by ON fleet_audit (recorded_by, id)",
        "CREATE INDEX ix_fleet_audit_recorded_by_time ON fleet_audit (recorded_by, time_us)",
    ];
}
