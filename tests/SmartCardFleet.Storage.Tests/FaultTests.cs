using Microsoft.Data.Sqlite;
using SmartCardFleet.Storage.Audit;
using SmartCardFleet.Storage.Tests.Support;
using SmartCardFleet.Testing;

namespace SmartCardFleet.Storage.Tests;

/// <summary>Real faults of real engines: the storage says Failing with the reason, keeps the queued rows, and writes them
/// all once the fault ends.</summary>
public sealed class FaultTests
{
    private const int Rows = 500;

    [Fact]
    public async Task SQLite_disk_full_fails_with_the_reason_keeps_the_rows_and_writes_them_when_space_returns()
    {
        await using var database = await TestDatabase.CreateAsync(StorageProvider.Sqlite);
        var storage = await database.StartedAsync();
        // The file may not grow by a page: the next batch fails with SQLITE_FULL, as on a full disk.
        storage.Database.FaultPragmas = "PRAGMA max_page_count = 1;";

        RecordRows(storage);
        var failing = await storage.Health.UntilAsync(s => !s.IsHealthy, "Failing");
        Assert.StartsWith("audit journal: disk full", failing.Reason, StringComparison.Ordinal);
        Assert.True(storage.AuditWriter.Written < Rows);

        storage.Database.FaultPragmas = "PRAGMA max_page_count = 1073741823;";
        await storage.Health.UntilAsync(s => s.IsHealthy, "Healthy");
        await storage.FlushedAsync();
        Assert.Equal(Rows, await database.ScalarAsync("SELECT COUNT(*) FROM fleet_audit"));
    }

    [Fact]
    public async Task SQLite_locked_by_another_connection_fails_with_the_reason_and_writes_everything_once_released()
    {
        await using var database = await TestDatabase.CreateAsync(StorageProvider.Sqlite);
        var storage = await database.StartedAsync();
        await using var holder = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database.Name, Pooling = false }.ConnectionString);
        await holder.OpenAsync();
        await using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE";
            await begin.ExecuteNonQueryAsync();
        }

        RecordRows(storage);
        var failing = await storage.Health.UntilAsync(s => !s.IsHealthy, "Failing");
        Assert.StartsWith("audit journal: database is locked", failing.Reason, StringComparison.Ordinal);
        Assert.NotNull(failing.Since);

        await using (var rollback = holder.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync();
        }

        await storage.Health.UntilAsync(s => s.IsHealthy, "Healthy");
        await storage.FlushedAsync();
        Assert.Equal(Rows, await database.ScalarAsync("SELECT COUNT(*) FROM fleet_audit"));
    }

    [Fact]
    public async Task The_event_window_keeps_its_events_through_a_full_disk_and_writes_them_all_afterwards()
    {
        await using var database = await TestDatabase.CreateAsync(StorageProvider.Sqlite);
        var storage = await database.StartedAsync();
        storage.Database.FaultPragmas = "PRAGMA max_page_count = 1;";

        for (var id = 1; id <= Rows; id++)
        {
            Assert.True(storage.Events.Append(Entries.Event(id) with { DataJson = new string('x', 400) }));
        }

        var failing = await storage.Health.UntilAsync(s => !s.IsHealthy, "Failing");
        Assert.StartsWith("event window: disk full", failing.Reason, StringComparison.Ordinal);

        storage.Database.FaultPragmas = "PRAGMA max_page_count = 1073741823;";
        await storage.Health.UntilAsync(s => s.IsHealthy, "Healthy");
        await storage.FlushedAsync();
        Assert.Equal(Enumerable.Range(1, Rows).Select(id => (long)id),
            (await storage.Events.ReadAfterAsync(0, 10_000, CancellationToken.None)).Select(e => e.Id));
    }

    [Fact]
    public async Task PostgreSQL_gone_fails_with_the_reason_keeps_the_rows_and_writes_them_when_it_is_back()
    {
        await using var database = await TestDatabase.CreateAsync(StorageProvider.PostgreSql);
        var storage = await database.StartedAsync();
        await TestPostgres.SetReachableAsync(database.Name, reachable: false);

        RecordRows(storage);
        var failing = await storage.Health.UntilAsync(s => !s.IsHealthy, "Failing");
        // A pooled connection the server ended reads as "unreachable", a new one it refuses as "unavailable".
        Assert.Matches("^audit journal: PostgreSQL at \\S+:[0-9]+ is (unreachable|unavailable): ", failing.Reason);

        await TestPostgres.SetReachableAsync(database.Name, reachable: true);
        await storage.Health.UntilAsync(s => s.IsHealthy, "Healthy");
        await storage.FlushedAsync();
        Assert.Equal(Rows, await database.ScalarAsync("SELECT COUNT(*) FROM fleet_audit"));
    }

    [Fact]
    public async Task A_station_starts_while_PostgreSQL_refuses_it_and_creates_the_schema_and_writes_the_queued_rows_once_it_is_back()
    {
        await using var database = await TestDatabase.CreateAsync(StorageProvider.PostgreSql);
        await TestPostgres.SetReachableAsync(database.Name, reachable: false);
        var storage = database.Storage();

        await storage.StartAsync(CancellationToken.None);
        Assert.StartsWith("schema: PostgreSQL at ", storage.Health.Status.Reason, StringComparison.Ordinal);
        RecordRows(storage);
        Assert.True(storage.Events.Append(Entries.Event(1)));

        await TestPostgres.SetReachableAsync(database.Name, reachable: true);
        await storage.Health.UntilAsync(s => s.IsHealthy, "Healthy");
        await storage.FlushedAsync();
        Assert.Equal(Rows, await database.ScalarAsync("SELECT COUNT(*) FROM fleet_audit"));
        Assert.Equal(1, await database.ScalarAsync("SELECT COUNT(*) FROM fleet_events"));
    }

    [Fact]
    public async Task An_unreachable_PostgreSQL_is_named_by_host_and_port_and_its_password_is_never_shown()
    {
        var port = FreePorts.Next();
        var settings = new StorageSettings(StorageProvider.PostgreSql,
            $"Host=127.0.0.1;Port={port};Username=fleet;Password=hunter2-secret;Database=nowhere;Timeout=5");
        await using var storage = new FleetStorage(settings, StorageRetention.Default, "station-a", TestDatabase.FastTuning);

        await storage.StartAsync(CancellationToken.None);

        var reason = storage.Health.Status.Reason;
        Assert.StartsWith($"schema: PostgreSQL at 127.0.0.1:{port} is unreachable: ", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", settings.ToString(), StringComparison.Ordinal);
        Assert.True(storage.Journal.Record(Entries.Audit(1)), "entries queue while the database is unreachable");
    }

    [Fact]
    public async Task A_full_queue_refuses_the_entry_and_counts_it_as_dropped()
    {
        await using var database = await TestDatabase.CreateAsync(StorageProvider.Sqlite);
        // Not started: nothing drains the queue.
        var storage = database.Storage(tuning: TestDatabase.FastTuning with { QueueCapacity = 10 });

        var accepted = Enumerable.Range(0, 15).Count(n => storage.Journal.Record(Entries.Audit(n)));

        Assert.Equal(10, accepted);
        Assert.Equal(5, storage.Health.Dropped["audit journal"]);
    }

    [Theory]
    [MemberData(nameof(Engines.Both), MemberType = typeof(Engines))]
    public async Task Stopping_writes_what_is_queued(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var storage = await database.StartedAsync();
        RecordRows(storage);

        await storage.StopAsync(CancellationToken.None);

        Assert.Equal(Rows, await database.ScalarAsync("SELECT COUNT(*) FROM fleet_audit"));
        Assert.False(storage.Journal.Record(Entries.Audit(0)), "a stopped journal accepts nothing");
    }

    private static void RecordRows(FleetStorage storage)
    {
        for (var n = 0; n < Rows; n++)
        {
            Assert.True(storage.Journal.Record(Entries.Audit(n) with { What = new string('x', 400) }));
        }
    }
}
