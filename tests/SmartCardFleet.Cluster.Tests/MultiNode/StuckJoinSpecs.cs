using Akka.Actor;
using SmartCardFleet.Cluster.Membership;
using SmartCardFleet.Cluster.Tests.Support;
using SmartCardFleet.Testing;

namespace SmartCardFleet.Cluster.Tests.MultiNode;

/// <summary>A station connected to its seed but never let into the fleet stops, so its supervisor can start a fresh
/// incarnation (docs/cluster.md, "Stuck outside the fleet").</summary>
[Collection(MultiNodeCollection.Name)]
public sealed class StuckJoinSpecs
{
    [Fact]
    public async Task A_station_whose_seed_takes_its_connection_but_never_admits_it_stops_with_JoinStuckReason()
    {
        // The seed is an ActorSystem named like the fleet with remoting and no cluster: it accepts the station's
        // connection (remoting associates, the join requests are delivered) and never answers them, which is what a
        // station stuck behind the remoting race sees.
        var port = FreePorts.Next();
        var seed = ActorSystem.Create("fleet", $"akka.actor.provider = remote\nakka.remote.dot-netty.tcp {{ hostname = 127.0.0.1, port = {port} }}");
        try
        {
            await using var station = await FleetNode.StartAsync(new NodeSetup("stuck")
            {
                Seeds = [$"127.0.0.1:{port}"],
                JoinWatchdog = TimeSpan.FromSeconds(2),
            });

            await station.System.WhenTerminated.WaitAsync(LocalFleet.Deadline);

            var reason = CoordinatedShutdown.Get(station.System).ShutdownReason;
            Assert.IsType<JoinStuckReason>(reason);
            Assert.Equal(1, reason.ExitCode);
        }
        finally
        {
            await seed.Terminate();
        }
    }
}
