using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SmartCardFleet.Storage.Audit;
using SmartCardFleet.Storage.Events;
using SmartCardFleet.Storage.Hosting;
using SmartCardFleet.Storage.Tests.Support;

namespace SmartCardFleet.Storage.Tests;

public sealed class AddFleetStorageTests
{
    [Fact]
    public async Task The_host_gets_one_storage_behind_every_interface_with_the_schema_at_start_and_a_flush_at_stop()
    {
        await using var database = await TestDatabase.CreateAsync(StorageProvider.Sqlite);
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddFleetStorage(database.Settings, StorageRetention.Default, "station-a", TestDatabase.FastTuning);
        using var host = builder.Build();
        var storage = host.Services.GetRequiredService<FleetStorage>();

        Assert.Same(database.Settings, host.Services.GetRequiredService<StorageSettings>());
        Assert.Same(storage.Journal, host.Services.GetRequiredService<IAuditJournal>());
        Assert.Same(storage.AuditReader, host.Services.GetRequiredService<IAuditReader>());
        Assert.Same(storage.Events, host.Services.GetRequiredService<IEventWindow>());
        Assert.Same(storage.Health, host.Services.GetRequiredService<StorageHealth>());

        await host.StartAsync();
        Assert.True(storage.Health.Status.IsHealthy, storage.Health.Status.ToString());
        host.Services.GetRequiredService<IAuditJournal>().Record(Entries.Audit(1));
        await host.StopAsync();

        Assert.Equal(1, await database.ScalarAsync("SELECT COUNT(*) FROM fleet_audit"));
    }
}
