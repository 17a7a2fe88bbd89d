using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartCardFleet.Storage.Audit;
using SmartCardFleet.Storage.Events;

namespace SmartCardFleet.Storage.Hosting;

public static class FleetStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the station's storage as singletons — <see cref="FleetStorage"/>, its
    /// <see cref="StorageSettings"/>, <see cref="IAuditJournal"/>, <see cref="IAuditReader"/>,
    /// <see cref="IEventWindow"/> and <see cref="StorageHealth"/> — and a hosted service that
    /// ensures the schema at start, runs the writers and the pruning, and flushes at stop. An unreachable database does
    /// not stop the host from starting: the health is Failing and the storage retries in the background.
    /// A registered <see cref="TimeProvider"/> and <see cref="ILoggerFactory"/> are used when present.
    /// </summary>
    public static IServiceCollection AddFleetStorage(this IServiceCollection services, StorageSettings settings,
        StorageRetention retention, string stationName, StorageTuning? tuning = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(retention);
        ArgumentException.ThrowIfNullOrWhiteSpace(stationName);
        retention.Validated();
        services.AddSingleton(settings);
        services.AddSingleton(retention);
        services.AddSingleton(sp => new FleetStorage(settings, retention, stationName, tuning,
            sp.GetService<TimeProvider>(), sp.GetService<ILoggerFactory>()));
        services.AddSingleton(sp => sp.GetRequiredService<FleetStorage>().Journal);
        services.AddSingleton(sp => sp.GetRequiredService<FleetStorage>().AuditReader);
        services.AddSingleton(sp => sp.GetRequiredService<FleetStorage>().Events);
        services.AddSingleton(sp => sp.GetRequiredService<FleetStorage>().Health);
        services.AddHostedService<FleetStorageHostedService>();
        return services;
    }
}
