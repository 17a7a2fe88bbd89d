namespace SmartCardFleet.Storage.Database;

/// <summary>
/// Everything that differs between SQLite and PostgreSQL in our SQL, in one place. The rest of the SQL is written once:
/// both engines take @name parameters, LIMIT/OFFSET, INSERT .. ON CONFLICT DO NOTHING and multi-row VALUES, and times
/// are stored as BIGINT microseconds since the Unix epoch (UTC) on both, so comparisons and ordering agree.
/// </summary>
internal sealed record SqlDialect(StorageProvider Provider, string IdentityColumn, string? SchemaLock, int RowsPerInsert)
{
    /// <summary>An arbitrary constant naming the station schema's advisory lock on a shared PostgreSQL server.</summary>
    private const long SchemaLockKey = 0x5CF_14_5C4E;

    /// <summary>SQLite: the rowid alias (ids never reused, so a cursor never skips a new row). Schema changes are
    /// serialised by the write lock the migration's BEGIN IMMEDIATE transaction takes. Short multi-row INSERTs: binding a
    /// parameter by name is a linear search of the statement's parameters, so a statement of thousands costs quadratic
    /// time, while the in-process statement itself costs no round trip.</summary>
    public static SqlDialect Sqlite { get; } = new(StorageProvider.Sqlite, "INTEGER PRIMARY KEY AUTOINCREMENT", SchemaLock: null, RowsPerInsert: 32);

    /// <summary>PostgreSQL: an identity column; stations starting at once against one central server wait for each
    /// other's migration on a transaction-scoped advisory lock (released by COMMIT or by a dropped connection). Long
    /// multi-row INSERTs: each statement is a round trip to the server (below its 65,535 parameters a statement).</summary>
    public static SqlDialect PostgreSql { get; } = new(StorageProvider.PostgreSql, "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
        $"SELECT pg_advisory_xact_lock({SchemaLockKey})", RowsPerInsert: 500);

    public static SqlDialect For(StorageProvider provider) => provider switch
    {
        StorageProvider.Sqlite => Sqlite,
        StorageProvider.PostgreSql => PostgreSql,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "unknown storage provider"),
    };

    /// <summary>Times as stored: microseconds since the Unix epoch, UTC (PostgreSQL's own precision).</summary>
    public static long ToStored(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static DateTimeOffset FromStored(long microseconds) => DateTimeOffset.UnixEpoch.AddTicks(microseconds * 10);

    /// <summary>PostgreSQL's text cannot hold U+0000; the same replacement on both engines keeps them alike and keeps one
    /// odd string from failing a whole batch forever.</summary>
    public static string? Text(string? value) => value is not null && value.Contains('\0', StringComparison.Ordinal)
        ? value.Replace('\0', '\uFFFD')
        : value;
}
