using Microsoft.Data.Sqlite;
using Npgsql;

namespace SmartCardFleet.Storage.Tests.Support;

/// <summary>One spec's own database on a real engine: a SQLite file in a fresh temporary folder, or a fresh database on
/// the test PostgreSQL server. Storages made here are stopped and the database removed at the end.</summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    /// <summary>Short waits so fault specs see failure and recovery quickly; big enough queues for every spec.</summary>
    public static readonly StorageTuning FastTuning = new(QueueCapacity: 10_000, BatchSize: 100, RetryInitial: TimeSpan.FromMilliseconds(20),
        RetryMax: TimeSpan.FromMilliseconds(200), SqliteBusyTimeout: TimeSpan.FromMilliseconds(100), StopFlushTimeout: TimeSpan.FromSeconds(20));

    /// <summary>How long a spec waits for a condition before it fails (a bound, not a measurement).</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly List<FleetStorage> _storages = [];
    private readonly string? _folder;

    private TestDatabase(StorageProvider provider, StorageSettings settings, string name, string? folder)
    {
        Provider = provider;
        Settings = settings;
        Name = name;
        _folder = folder;
    }

    public StorageProvider Provider { get; }

    public StorageSettings Settings { get; }

    /// <summary>The PostgreSQL database's name, or the SQLite file's path.</summary>
    public string Name { get; }

    public static async Task<TestDatabase> CreateAsync(StorageProvider provider)
    {
        if (provider == StorageProvider.Sqlite)
        {
            var folder = Directory.CreateTempSubdirectory("scf-storage-").FullName;
            var file = Path.Combine(folder, "fleet.db");
            return new TestDatabase(provider, StorageSettings.SqliteFile(file), file, folder);
        }

        var name = TestPostgres.NewDatabaseName();
        var connectionString = await TestPostgres.CreateDatabaseAsync(name);
        return new TestDatabase(provider, new StorageSettings(StorageProvider.PostgreSql, connectionString), name, null);
    }

    /// <summary>A storage for <paramref name="station"/> on this database, not started.</summary>
    public FleetStorage Storage(string station = "station-a", StorageRetention? retention = null, StorageTuning? tuning = null, TimeProvider? time = null,
        StorageSettings? settings = null)
    {
        var storage = new FleetStorage(settings ?? Settings, retention ?? StorageRetention.Default, station, tuning ?? FastTuning, time);
        _storages.Add(storage);
        return storage;
    }

    /// <summary>A started storage with its schema in place.</summary>
    public async Task<FleetStorage> StartedAsync(string station = "station-a", StorageRetention? retention = null, TimeProvider? time = null)
    {
        var storage = Storage(station, retention, time: time);
        await storage.StartAsync(CancellationToken.None);
        Assert.True(storage.Health.Status.IsHealthy, storage.Health.Status.ToString());
        return storage;
    }

    /// <summary>Runs one scalar query on a connection of the spec's own (not the storage's).</summary>
    public async Task<long> ScalarAsync(string sql)
    {
        if (Provider == StorageProvider.Sqlite)
        {
            await using var sqlite = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Name, Pooling = false }.ConnectionString);
            await sqlite.OpenAsync();
            await using var command = sqlite.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }

        await using var postgres = new NpgsqlConnection(Settings.ConnectionString);
        await postgres.OpenAsync();
        await using var query = new NpgsqlCommand(sql, postgres);
        return Convert.ToInt64(await query.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var storage in _storages)
        {
            await storage.DisposeAsync();
        }

        if (Provider == StorageProvider.PostgreSql)
        {
            await TestPostgres.DropDatabaseAsync(Name);
        }
        else
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_folder!, recursive: true);
        }
    }
}
