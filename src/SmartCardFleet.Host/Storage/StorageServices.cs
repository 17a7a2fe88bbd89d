using Microsoft.Extensions.Options;
using SmartCardFleet.Storage;

namespace SmartCardFleet.Host.Storage;

/// <summary>
/// Registers the node's database: <see cref="StationStorage"/>, its <see cref="StorageSettings"/> (which the job engine
/// opens for Akka.Persistence) and the Storage section. Stations and consoles alike: a console runs no jobs, but the
/// requests it serves (job control relayed to a station, plugin reloads, ...) are audited where they are asked, and
/// its event streams resume from the durable window like a station's.
/// </summary>
public static class StorageServices
{
    public static IServiceCollection AddStationStorage(this IServiceCollection services, StationStorage storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        services.AddSingleton(storage);
        services.AddSingleton(storage.Settings);
        services.AddSingleton(Options.Create(storage.Options));
        return services;
    }
}
