using Akka.Actor;
using Akka.Hosting;
using SmartCardFleet.Core.Configuration;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Host.Configuration;
using SmartCardFleet.Host.Events;
using SmartCardFleet.Host.Metrics;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Host.Station;

/// <summary>The ActorSystem "fleet": Core's dispatchers, Akka logs into Microsoft.Extensions.Logging, the event bridge
/// (subscribed first so no ReaderAdded is missed), the ReaderManager and the PluginHost, registered in the ActorRegistry.</summary>
public static class StationActors
{
    public const string SystemName = "fleet";
    public const string ManagerName = "readers";
    public const string PluginHostName = "plugins";

    public static IServiceCollection AddStationActors(this IServiceCollection services)
    {
        services.AddAkka(SystemName, (akka, sp) =>
        {
            akka.ConfigureLoggers(loggers =>
            {
                loggers.LogLevel = Akka.Event.LogLevel.InfoLevel;
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            });
            akka.AddHocon(CoreConfig.Dispatchers, HoconAddMode.Prepend);
            // The Generic Host drives shutdown (web server first, then AkkaHostedService runs CoordinatedShutdown); the CLR
            // hook would start it in parallel on SIGTERM, while the server still takes requests.
            akka.AddHocon("akka.coordinated-shutdown.run-by-clr-shutdown-hook = off", HoconAddMode.Prepend);
            akka.AddHocon(CoreConfig.IdleFriendlyScheduler, HoconAddMode.Prepend);
            akka.WithActors((system, registry) =>
            {
                var options = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<StationOptions>>().Value;
                var bridge = system.ActorOf(FleetEventBridge.Props(
                    sp.GetRequiredService<FleetEventJournal>(),
                    sp.GetRequiredService<KnownReaders>(),
                    sp.GetRequiredService<FleetMetrics>(),
                    sp.GetRequiredService<StationReadiness>()), "fleet-events");
                system.EventStream.Subscribe(bridge, typeof(IFleetEvent));
                var manager = system.ActorOf(
                    ReaderManager.Props(sp.GetRequiredService<IPcscApi>(), sp.GetRequiredService<StationSettings>()), ManagerName);
                registry.Register<ReaderManager>(manager);
                var pluginSettings = PluginHostSettingsFactory.Create(options, sp.GetRequiredService<IConfiguration>()["Station:ConfigDirectory"],
                    sp.GetRequiredService<ApduRecorder>());
                var plugins = system.ActorOf(PluginHost.Props(manager, pluginSettings, sp.GetRequiredService<ILoggerFactory>()), PluginHostName);
                registry.Register<PluginHost>(plugins);
            });
        });
        return services;
    }
}
