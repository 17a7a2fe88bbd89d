using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Options;
using SmartCardFleet.Cluster;
using SmartCardFleet.Cluster.Events;
using SmartCardFleet.Cluster.Topology;
using SmartCardFleet.Core.Configuration;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Enrollment;
using SmartCardFleet.Enrollment.Hosting;
using SmartCardFleet.Enrollment.Jobs;
using SmartCardFleet.Hosting;
using SmartCardFleet.Host.Configuration;
using SmartCardFleet.Host.Events;
using SmartCardFleet.Host.Metrics;
using SmartCardFleet.Pcsc;
using SmartCardFleet.Storage;
using SmartCardFleet.Storage.Audit;

namespace SmartCardFleet.Host.Station;

/// <summary>The ActorSystem "fleet": Akka logs into Microsoft.Extensions.Logging, and
/// - a station runs the fleet of <see cref="SmartCardFleetHostingExtensions.WithSmartCardFleet(AkkaConfigurationBuilder, Func{IServiceProvider, SmartCardFleetOptions})"/>
///   with the event bridge as its first fleet-event subscriber, so the journal, metrics and readiness see every ReaderAdded,
///   and its enrollment jobs (journal in the station's database, progress into the event journal);
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

        services.AddAkka(SystemName, (akka, provider) =>
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
                AddJobs(akka, provider, node);
            }
        });
        return services;
    }

    /// <summary>Enrollment jobs on a station with a database (docs/enrollment.md): their journal in the station's
    /// database, rows audited as "job.row", progress into the event journal through <see cref="JobEventBridge"/>,
    /// subscribed before the job manager recovers its jobs.</summary>
    private static void AddJobs(AkkaConfigurationBuilder akka, IServiceProvider services, FleetNode node)
    {
        if (services.GetService<StorageSettings>() is not { } storage)
        {
            return;
        }

        akka.WithActors((system, _, resolver) =>
        {
            var bridge = system.ActorOf(JobEventBridge.Props(resolver.GetService<IServiceProvider>()), JobEventBridge.Name);
            system.EventStream.Subscribe(bridge, typeof(IJobEvent));
        });
        akka.WithEnrollmentJobs(new EnrollmentOptions
        {
            Storage = storage,
            Station = node.StationName,
            Audit = services.GetService<IAuditJournal>(),
            Time = services.GetRequiredService<TimeProvider>(),
            OperationTimeout = services.GetRequiredService<IOptions<StationOptions>>().Value.OperationTimeout,
        });
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
