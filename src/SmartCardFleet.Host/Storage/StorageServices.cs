using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SmartCardFleet.Storage;
using SmartCardFleet.Storage.Audit;
using SmartCardFleet.Storage.Hosting;

namespace SmartCardFleet.Host.Storage;

/// <summary>
/// Registers the node's database: <see cref="StationStorage"/>, the Storage section and the storage itself
/// (<see cref="FleetStorageServiceCollectionExtensions.AddFleetStorage"/>: its <see cref="StorageSettings"/>, which the job
/// engine opens for Akka.Persistence, the audit journal and reader, the event window and the health, and the hosted
/// service that makes the schema and runs the writers). Stations and consoles alike: a console runs no jobs, but the
/// requests it serves (plugin reloads, operations relayed to a station, ...) are audited where they are asked, and its
/// event streams resume from the durable window like a station's.
/// </summary>
public static class StorageServices
{
    /// <summary>Call before the ActorSystem is registered: hosted services stop in reverse order, so the storage then
    /// stops after the actors and stores the events (and audit entries) of their shutdown too.</summary>
    public static IServiceCollection AddStationStorage(this IServiceCollection services, StationStorage storage, string stationName)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var options = storage.Options;
        services.AddSingleton(storage);
        services.AddSingleton(Options.Create(options));
        services.AddFleetStorage(storage.Settings, new StorageRetention(options.Audit.RetentionDays, options.Audit.MaxRows,
            options.Events.Window, options.Events.MaxRows, StorageRetention.Default.PruneInterval), stationName);
        if (!options.Audit.Enabled)
        {
            // No journal at all: every recorder (the audit middleware, the job engine) then records nothing and costs
            // nothing; the audit reader still answers for the records written while it was enabled.
            services.RemoveAll<IAuditJournal>();
        }

        return services;
    }
}
