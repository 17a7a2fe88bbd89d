using Microsoft.Data.Sqlite;
using SmartCardFleet.Storage;

namespace SmartCardFleet.Enrollment.Tests.Support;

/// <summary>A real database of its own for one spec: a SQLite file in a temporary folder, or a database created on the
/// PostgreSQL server of FLEET_TEST_POSTGRES and dropped at the end.</summary>
internal abstract class TestDatabase : IAsyncDisposable
{
    public abstract StorageSettings Settings { get; }

    public abstract ValueTask DisposeAsync();

    public static async Task<TestDatabase> CreateAsync(StorageProvider provider) =>
        provider == StorageProvider.Sqlite ? new SqliteTestDatabase() : await PostgresTestDatabase.CreateAsync();
}

internal sealed class SqliteTestDatabase : TestDatabase
{
    private readonly string _folder = Directory.CreateTempSubdirectory("scf-jobs-").FullName;

    public string Path => System.IO.Path.Combine(_folder, "station.db");

    /// <summary>A locked database fails a write after one second instead of the default 30.</summary>
    public override StorageSettings Settings => new(StorageProvider.Sqlite, $"Data Source={Path};Default Timeout=1");

    /// <summary>Another connection holding the database's exclusive lock: every other write (and read) fails until it
    /// is disposed. Root ignores file permissions, so this is how a spec makes SQLite storage unavailable.</summary>
    public async Task<IAsyncDisposable> LockAsync()
    {
        var connection = new SqliteConnection($"Data Source={Path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "BEGIN EXCLUSIVE";
        await command.ExecuteNonQueryAsync();
        return connection;
    }

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A connection of a terminated ActorSystem may still be closing; the temp folder is the OS's to clean.
        }

        return ValueTask.CompletedTask;
    }
}

internal sealed class PostgresTestDatabase : TestDatabase
{
    private readonly string _name;

    private PostgresTestDatabase(string name, string connectionString)
    {
        _name = name;
        Settings = new StorageSettings(StorageProvider.PostgreSql, connectionString);
    }

    public override StorageSettings Settings { get; }

    /// <summary>Makes this database refuse connections and ends the open ones (PostgreSQL gone for the station), or lets
    /// connections in again.</summary>
    public Task SetReachableAsync(bool reachable) => TestPostgres.SetReachableAsync(_name, reachable);

    /// <summary>A database of its own on FLEET_TEST_POSTGRES (TestPostgres: without it the PostgreSQL specs fail with the
    /// reason instead of passing unseen).</summary>
    public static async Task<TestDatabase> CreateAsync()
    {
        var name = TestPostgres.NewDatabaseName();
        return new PostgresTestDatabase(name, await TestPostgres.CreateDatabaseAsync(name));
    }

    public override async ValueTask DisposeAsync() => await TestPostgres.DropDatabaseAsync(_name);
}
