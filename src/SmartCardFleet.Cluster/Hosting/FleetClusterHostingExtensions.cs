using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Remote.Hosting;
using SmartCardFleet.Cluster.Directory;
using SmartCardFleet.Cluster.Hosting;
using SmartCardFleet.Cluster.Events;
using SmartCardFleet.Cluster.Membership;
using SmartCardFleet.Cluster.Serialization;
using SmartCardFleet.Cluster.Topology;
using SmartCardFleet.Cluster.View;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Messaging;

namespace SmartCardFleet.Cluster;

/// <summary>
/// <c>akka.WithFleetCluster(options)</c>: makes the ActorSystem a member of the fleet (docs/cluster.md). Call it before
/// WithSmartCardFleet, so the directory writer and the event publisher are subscribed before the reader manager publishes
/// its first ReaderAdded.
/// </summary>
public static class FleetClusterHostingExtensions
{
    /// <summary>Remoting (address, raised frame size, TLS), clustering (roles, seeds, split brain resolver, failure
    /// detector), DistributedData, DistributedPubSub, the serializers, and the node's actors: name guard, directory
    /// writer, view, event publisher (stations), event relay and, with seeds, the join watchdog. With no seeds the node joins
    /// itself.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message lists every problem.</exception>
    public static AkkaConfigurationBuilder WithFleetCluster(this AkkaConfigurationBuilder builder, FleetClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return builder
            .WithRemoting(FleetClusterConfig.Remote(options))
            .WithClustering(FleetClusterConfig.Clustering(options, options.ActorSystemName))
            .WithDistributedData(new DDataOptions())
            .WithDistributedPubSub(role: string.Empty)
            .AddHocon(FleetClusterConfig.Hocon(options), HoconAddMode.Prepend)
            // A console runs no WithSmartCardFleet, yet relays Core's events and sends Core's requests.
            .WithCustomSerializer("smartcardfleet-json", [typeof(IFleetWireMessage)], system => new FleetJsonSerializer(system))
            .WithCustomSerializer("smartcardfleet-local-only", [typeof(ILocalOnlyMessage)], system => new LocalOnlySerializer(system))
            .WithCustomSerializer("smartcardfleet-cluster", [typeof(IClusterWireMessage)], system => new ClusterWireSerializer(system))
            .WithActors((system, registry) => StartNode(system, registry, options));
    }

    private static void StartNode(ActorSystem system, IActorRegistry registry, FleetClusterOptions options)
    {
        if (!string.Equals(system.Name, options.ActorSystemName, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The ActorSystem is named '{system.Name}' but the fleet's seeds are addressed to " +
                $"'{options.ActorSystemName}' ({nameof(FleetClusterOptions.ActorSystemName)}); name both alike.");
        }

        var cluster = Akka.Cluster.Cluster.Get(system);
        FleetViewHolder.Get(system).PublishIfEmpty(ClusterFleetTopology.Initial(options, cluster.SelfUniqueAddress));
        registry.Register<FleetViewActor>(system.ActorOf(FleetViewActor.Props(options), "fleet-view"));
        // Subscribed here, synchronously, not in PreStart (which runs later on the actor's own turn): the events the reader
        // manager publishes from its start on, its first ReaderAdded included, must reach the writer and the publisher.
        var writer = system.ActorOf(DirectoryWriter.Props(options), "fleet-directory-writer");
        if (options.Role == NodeRole.Station)
        {
            system.EventStream.Subscribe(writer, typeof(ReaderAdded));
            system.EventStream.Subscribe(writer, typeof(ReaderRemoved));
            system.EventStream.Subscribe(writer, typeof(ServiceLost));
        }

        registry.Register<DirectoryWriter>(writer);
        var admitted = new List<IActorRef> { writer };
        if (options.Role == NodeRole.Station)
        {
            var publisher = system.ActorOf(EventPublisher.Props(options.StationName), "fleet-event-publisher");
            system.EventStream.Subscribe(publisher, typeof(IFleetEvent));
            registry.Register<EventPublisher>(publisher);
            admitted.Add(publisher);
        }

        registry.Register<NameGuard>(system.ActorOf(NameGuard.Props(options.StationName, admitted), "fleet-name-guard"));
        registry.Register<EventRelay>(system.ActorOf(EventRelay.Props(options.StationName), "fleet-event-relay"));
        if (options.Seeds.Count == 0)
        {
            cluster.Join(cluster.SelfAddress);
        }
        else if (options.JoinWatchdog > TimeSpan.Zero)
        {
            var seeds = options.Seeds.Select(seed => Address.Parse(FleetClusterConfig.SeedAddress(seed, options.ActorSystemName, options.Tls is not null)));
            system.ActorOf(JoinWatchdog.Props(seeds.ToHashSet(), options.JoinWatchdog), "fleet-join-watchdog");
        }
    }
}
