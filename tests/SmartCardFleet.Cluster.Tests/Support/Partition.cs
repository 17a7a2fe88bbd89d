using Akka.Actor;
using Akka.Configuration;
using Akka.Remote;
using Akka.Remote.Transport;

namespace SmartCardFleet.Cluster.Tests.Support;

/// <summary>
/// A network partition on loopback, made by Akka's throttler transport adapter (the one Akka's own multi-node tests use):
/// nodes started with <see cref="NodeSetup.Throttled"/> route remoting through it, and <see cref="CutAsync"/> makes it
/// drop every message between two nodes in both directions, as a pulled cable would, while both stay alive.
/// </summary>
internal static class Partition
{
    /// <summary>The throttler adapter on the node's transport. It changes the node's address protocol to akka.trttl.tcp,
    /// so the seeds ("host:port", written as akka.tcp by WithFleetCluster) are written again with that protocol.</summary>
    public static Config Throttle(IEnumerable<string> seeds)
    {
        var addresses = string.Join(", ", seeds.Select(seed => $"\"akka.trttl.tcp://fleet@{seed}\""));
        return ConfigurationFactory.ParseString($$"""
            akka.remote.dot-netty.tcp.applied-adapters = [trttl]
            akka.cluster.seed-nodes = [{{addresses}}]
            """);
    }

    /// <summary>Blackholes the link between every node of <paramref name="side"/> and every node of <paramref name="other"/>,
    /// set on both ends so neither side's traffic leaks through an association the other opened.</summary>
    public static async Task CutAsync(IReadOnlyList<FleetNode> side, IReadOnlyList<FleetNode> other)
    {
        foreach (var a in side)
        {
            foreach (var b in other)
            {
                await BlackholeAsync(a, b);
                await BlackholeAsync(b, a);
            }
        }
    }

    private static async Task BlackholeAsync(FleetNode from, FleetNode to)
    {
        var transport = ((IRemoteActorRefProvider)((ExtendedActorSystem)from.System).Provider).Transport;
        var done = await transport.ManagementCommand(new SetThrottle(to.Cluster.SelfAddress,
            ThrottleTransportAdapter.Direction.Both, Blackhole.Instance));
        if (!done)
        {
            throw new InvalidOperationException($"{from} could not blackhole its link to {to}: is it started with the throttler adapter?");
        }
    }
}
