using Akka.Actor;
using Akka.Hosting;
using SmartCardFleet.Cluster;
using SmartCardFleet.Cluster.Topology;

namespace SmartCardFleet.Host.Station;

/// <summary>The two calls into the cluster library: join the fleet when the ActorSystem is composed, and the topology
/// the API routes by.</summary>
internal static class FleetClusterWiring
{
    public static AkkaConfigurationBuilder Join(AkkaConfigurationBuilder akka, FleetClusterOptions options) => akka.WithFleetCluster(options);

    public static IFleetTopology Topology(ActorSystem system, FleetClusterOptions options) => new ClusterFleetTopology(system, options);
}
