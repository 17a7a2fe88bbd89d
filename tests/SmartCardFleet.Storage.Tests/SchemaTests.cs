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
}
