using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace SmartCardFleet.Storage.Database;

/// <summary>
/// Opens connections to the station's database, set up the same way every time. SQLite: write-ahead log (readers never
/// wait for the writer), a busy timeout (a write waits that long for another connection's lock), synchronous=NORMAL (safe
/// with WAL: a crash loses no committed transaction's consistency) and foreign keys on. PostgreSQL: one
/// <see cref="NpgsqlDataSource"/> (its pool) for the whole station.
/// </summary>
internal sealed class StorageDatabase : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _postgres;
    private readonly string _sqlite = "";
    private readonly string _sessionPragmas = "";

    public StorageDatabase(StorageSettings settings, StorageTuning tuning)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(tuning);
        Settings = settings;
        Dialect = SqlDialect.For(settings.Provider);
        Describe = new FailureReasons(settings);
        if (settings.Provider == StorageProvider.PostgreSql)
        {
            _postgres = NpgsqlDataSource.Create(settings.ConnectionString);
            return;
        }

        var builder = new SqliteConnectionStringBuilder(settings.ConnectionString)
        {
            // Microsoft.Data.Sqlite retries a busy database until the command timeout, in whole seconds (0 = forever).
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(tuning.SqliteBusyTimeout.TotalSeconds)),
        };
        _sqlite = builder.ConnectionString;
        CreateFolderOf(builder.DataSource);
        _sessionPragmas = string.Create(CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout = {(long)tuning.SqliteBusyTimeout.TotalMilliseconds}; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;");
    }

    public StorageSettings Settings { get; }

    public SqlDialect Dialect { get; }

    public FailureReasons Describe { get; }

    /// <summary>Statements run on every SQLite connection after the standard pragmas: the specs inject a fault with it
    /// ("PRAGMA max_page_count = N" makes the next growth fail with SQLITE_FULL). Null in production.</summary>
    internal string? FaultPragmas { get; set; }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken);
        }

        var connection = new SqliteConnection(_sqlite);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var setUp = connection.CreateCommand();
            // WAL is a property of the file (kept once set); asking again on every open is cheap and heals a copied file.
            setUp.CommandText = "PRAGMA journal_mode = WAL; " + _sessionPragmas + FaultPragmas;
            await setUp.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _postgres?.DisposeAsync() ?? ValueTask.CompletedTask;

    private static void CreateFolderOf(string dataSource)
    {
        if (dataSource.Length == 0 || dataSource == ":memory:" || dataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            return;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }
}
