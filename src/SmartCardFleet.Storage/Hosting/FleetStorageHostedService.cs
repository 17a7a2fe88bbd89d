using Microsoft.Extensions.Hosting;

namespace SmartCardFleet.Storage.Hosting;

/// <summary>Starts the station's storage with the host (schema at start, writers, pruning) and flushes it at stop.</summary>
internal sealed class FleetStorageHostedService(FleetStorage storage) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => storage.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => storage.StopAsync(cancellationToken);
}
