using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Options;
using SmartCardFleet.Cluster;
using SmartCardFleet.Cluster.Events;
using SmartCardFleet.Cluster.Topology;
using SmartCardFleet.Core.Configuration;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Hosting;
using SmartCardFleet.Host.Configuration;
using SmartCardFleet.Host.Events;
using SmartCardFleet.Host.Metrics;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Host.Station;

/// <summary>The ActorSystem "fleet": Akka logs into Microsoft.Extensions.Logging, and
/// - a station runs the fleet of <see cref="SmartCardFleetHostingExtensions.WithSmartCardFleet(AkkaConfigurationBuilder, Func{IServiceProvider, SmartCardFleetOptions})"/>
///   with the event bridge as its first fleet-event subscriber, so the journal, metrics and readiness see every ReaderAdded;
/// - a console (Cluster:Roles console) runs only the fleet's settings (dispatchers, serializers) and the event bridge:
///   no PC/SC, no reader manager, no plugin host; every reader it shows belongs to another station;
/// - when Cluster:Enabled, either joins the fleet (<see cref="FleetClusterHostingExtensions.WithFleetCluster"/>).
/// The API finds the fleet through <see cref="IFleetTopology"/>: a fleet of one when standalone, else the cluster's view.</summary>
public static class StationActors
{
    public const string SystemName = "fleet";

    /// <summary>Name of the event bridge under /user.</summary>
    public const string EventBridgeName = "fleet-events";

    public static IServiceCollection AddStationActors(this IServiceCollection services, FleetNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var cluster = node.Clustered ? node.ToFleetClusterOptions() : null;
        if (cluster is not null)
        {
            services.AddSingleton(cluster);
            services.AddSingleton<IFleetTopology>(sp => new ClusterFleetTopology(sp.GetRequiredService<ActorSystem>(), cluster));
        }
        else
        {
            services.AddSingleton<IFleetTopology>(sp => new StandaloneTopology(node.StationName, node.SoftwareVersion, sp.GetRequiredService<TimeProvider>()));
        }

        services.AddAkka(SystemName, akka =>
        {
            akka.ConfigureLoggers(loggers =>
            {
                loggers.LogLevel = Akka.Event.LogLevel.InfoLevel;
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            });
            // The cluster first: its directory writer and event publisher must be subscribed before the reader manager
            // publishes its first ReaderAdded (WithActors callbacks run in the order they were added).
            if (cluster is not null)
            {
                akka.WithFleetCluster(cluster);
            }

            if (node.IsConsole)
            {
                akka.WithSmartCardFleetSettings().WithActors((system, _, resolver) =>
                {
                    var bridge = system.ActorOf(FleetEventBridge.Props(resolver.GetService<IServiceProvider>()), EventBridgeName);
                    foreach (var type in FleetEventBridge.SubscribedEvents)
                    {
                        system.EventStream.Subscribe(bridge, type);
                    }
                });
            }
            else
            {
                // Options made when the actors start: the station's options are bound and validated (ValidateOnStart) by then.
                akka.WithSmartCardFleet(FleetOptions);
            }
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
            EventSubscribers = { new FleetEventSubscriber(EventBridgeName, FleetEventBridge.Props(services), [typeof(StationEventBatch)]) },
        };
    }
}
