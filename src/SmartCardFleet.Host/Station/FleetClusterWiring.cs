using Akka.Actor;
using Akka.Hosting;
using SmartCardFleet.Cluster;
using SmartCardFleet.Cluster.Topology;

namespace SmartCardFleet.Host.Station;

/// <summary>The two calls into the cluster library: join the fleet when the ActorSystem is composed, and the topology
/// the API routes by. Placeholder until cluster-core's WithFleetCluster and ClusterFleetTopology are on main: a
/// clustered start is refused with a clear message instead of failing to build.</summary>
internal static class FleetClusterWiring
{
    public static AkkaConfigurationBuilder Join(AkkaConfigurationBuilder akka, FleetClusterOptions options) =>
        throw new StationStartException($"Cluster:Enabled is set, but this build has no cluster support yet (station {options.StationName}).");

    public static IFleetTopology Topology(ActorSystem system, FleetClusterOptions options) =>
        throw new StationStartException($"Cluster:Enabled is set, but this build has no cluster support yet (station {options.StationName}).");
}
