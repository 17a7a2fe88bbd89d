using Akka.Hosting;
using Microsoft.Extensions.Options;
using SmartCardFleet.Core.Configuration;
using SmartCardFleet.Hosting;
using SmartCardFleet.Host.Configuration;
using SmartCardFleet.Host.Events;
using SmartCardFleet.Host.Metrics;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Host.Station;

/// <summary>The ActorSystem "fleet": Akka logs into Microsoft.Extensions.Logging, and the fleet of
/// <see cref="SmartCardFleetHostingExtensions.WithSmartCardFleet(AkkaConfigurationBuilder, Func{IServiceProvider, SmartCardFleetOptions})"/>
/// with the event bridge as its first fleet-event subscriber, so the journal, metrics and readiness see every ReaderAdded.</summary>
public static class StationActors
{
    public const string SystemName = "fleet";

    public static IServiceCollection AddStationActors(this IServiceCollection services)
    {
        services.AddAkka(SystemName, akka =>
        {
            akka.ConfigureLoggers(loggers =>
            {
                loggers.LogLevel = Akka.Event.LogLevel.InfoLevel;
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            });
            // Options made when the actors start: the station's options are bound and validated (ValidateOnStart) by then.
            akka.WithSmartCardFleet(FleetOptions);
        });
        return services;
    }

    private static SmartCardFleetOptions FleetOptions(IServiceProvider services)
    {
        var station = services.GetRequiredService<IOptions<StationOptions>>().Value;
        return new SmartCardFleetOptions
        {
            Pcsc = services.GetRequiredService<IPcscApi>(),
            Station = services.GetRequiredService<StationSettings>(),
            Plugins = PluginHostSettingsFactory.Create(station, services.GetRequiredService<IConfiguration>()["Station:ConfigDirectory"],
                services.GetRequiredService<ApduRecorder>()),
            EventSubscribers =
            {
                new FleetEventSubscriber("fleet-events", FleetEventBridge.Props(services)),
            },
        };
    }
}
