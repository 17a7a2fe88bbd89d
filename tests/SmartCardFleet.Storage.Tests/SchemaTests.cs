using SmartCardFleet.Storage.Database;
using SmartCardFleet.Storage.Schema;
using SmartCardFleet.Storage.Tests.Support;

namespace SmartCardFleet.Storage.Tests;

public sealed class SchemaTests
{
    [Theory]
    [MemberData(nameof(Engines.Both), MemberType = typeof(Engines))]
    public async Task Ensuring_the_schema_twice_applies_each_step_once(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var first = database.Storage();
        await first.StartAsync(CancellationToken.None);
        await first.StopAsync(CancellationToken.None);
        var second = database.Storage();
        await second.StartAsync(CancellationToken.None);

        Assert.True(second.Health.Status.IsHealthy, second.Health.Status.ToString());
        Assert.Equal(Migrations.All.Count, await database.ScalarAsync("SELECT COUNT(*) FROM fleet_schema"));
        Assert.Equal(Migrations.Latest, await database.ScalarAsync("SELECT MAX(version) FROM fleet_schema"));
        Assert.Equal(0, await database.ScalarAsync("SELECT COUNT(*) FROM fleet_audit"));
        Assert.Equal(0, await database.ScalarAsync("SELECT COUNT(*) FROM fleet_events"));
    }

    [Theory]
    [MemberData(nameof(Engines.Both), MemberType = typeof(Engines))]
    public async Task Stations_starting_at_once_on_one_database_all_come_up_and_the_schema_is_applied_once(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var stations = Enumerable.Range(0, 6).Select(i => database.Storage($"station-{i}")).ToList();

        await Task.WhenAll(stations.Select(s => Task.Run(() => s.StartAsync(CancellationToken.None))));

        Assert.All(stations, s => Assert.True(s.Health.Status.IsHealthy, s.Health.Status.ToString()));
        Assert.Equal(Migrations.All.Count, await database.ScalarAsync("SELECT COUNT(*) FROM fleet_schema"));
    }

    [Theory]
    [MemberData(nameof(Engines.Both), MemberType = typeof(Engines))]
    public async Task A_v1_database_is_upgraded_to_v2_once_and_its_audit_rows_are_owned_by_the_station_they_name(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await CreateV1Async(database, ("station-a", 1), ("station-b", 2), ("station-a", 3));

        var first = database.Storage();
        await first.StartAsync(CancellationToken.None);
        await first.StopAsync(CancellationToken.None);
        var second = database.Storage("station-b");
        await second.StartAsync(CancellationToken.None);
        second.Journal.Record(Entries.Audit(4, station: "station-a", time: DateTimeOffset.UtcNow));
        await second.FlushedAsync();

        Assert.True(second.Health.Status.IsHealthy, second.Health.Status.ToString());
        Assert.Equal(2, await database.ScalarAsync("SELECT COUNT(*) FROM fleet_schema"));
        Assert.Equal(2, await database.ScalarAsync("SELECT MAX(version) FROM fleet_schema"));
        Assert.Equal(2, await database.ScalarAsync("SELECT COUNT(*) FROM fleet_audit WHERE recorded_by = 'station-a'"));
        Assert.Equal(2, await database.ScalarAsync("SELECT COUNT(*) FROM fleet_audit WHERE recorded_by = 'station-b'"));
        Assert.Equal(1, await database.ScalarAsync("SELECT COUNT(*) FROM fleet_audit WHERE recorded_by = 'station-b' AND station = 'station-a'"));
    }

    /// <summary>A database as a v1 build left it: schema v1 only, with audit rows of the given stations.</summary>
    private static async Task CreateV1Async(TestDatabase database, params (string Station, int N)[] rows)
    {
        await using var storage = new StorageDatabase(database.Settings, TestDatabase.FastTuning);
        await using var connection = await storage.OpenAsync(CancellationToken.None);
        // Recent, so the retention run at start (a year by default) keeps them.
        var now = SqlDialect.ToStored(DateTimeOffset.UtcNow);
        string[] statements =
        [
            "CREATE TABLE fleet_schema (version INTEGER NOT NULL PRIMARY KEY, description TEXT NOT NULL, applied_us BIGINT NOT NULL)",
            .. Migrations.All.Single(m => m.Version == 1).Statements(storage.Dialect),
            "INSERT INTO fleet_schema (version, description, applied_us) VALUES (1, 'v1', 0)",
            .. rows.Select(r => "INSERT INTO fleet_audit (time_us, station, who, action, outcome, status) " +
                $"VALUES ({now + r.N}, '{r.Station}', 'alice', 'reader.attach', 'Succeeded', 200)"),
        ];
        foreach (var statement in statements)
        {
            await DbCommands.ExecuteAsync(connection, null, statement, CancellationToken.None);
        }
    }
}
