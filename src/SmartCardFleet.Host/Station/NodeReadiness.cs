using Akka.Actor;
using Akka.Cluster;
using SmartCardFleet.Host.Api;
using SmartCardFleet.Host.Configuration;
using SmartCardFleet.Storage;

namespace SmartCardFleet.Host.Station;

/// <summary>
/// What /readyz answers. A station: PC/SC reachable and plugins loaded (<see cref="StationReadiness"/>), and when
/// clustered also this node a member Up (a joining station cannot be commanded from the fleet yet, a downed one never
/// again). A console has no PC/SC and no plugins: it is ready when it is a member Up.
/// The database's health is reported beside it ("storage") but never makes the node unready: readiness says whether the
/// node can serve its readers, and a station whose database is failing still can (transmits, transactions and plugin
/// operations do not wait for storage; audit entries and events queue, jobs pause with the reason and resume). A
/// load balancer or systemd watchdog that took such a station out of service would stop the card work the database
/// failure does not stop.
/// </summary>
public sealed class NodeReadiness(StationReadiness station, IPluginGateway plugins, FleetNode node, ActorSystem system, StorageHealth storage)
{
    public async Task<ReadinessDto> CheckAsync(CancellationToken cancellationToken)
    {
        var membership = node.Clustered ? Akka.Cluster.Cluster.Get(system).SelfMember.Status : (MemberStatus?)null;
        var memberUp = membership is null or MemberStatus.Up;
        var cluster = membership is { } status ? Describe(status) : null;
        if (node.IsConsole)
        {
            return new ReadinessDto(memberUp, null, "a console has no PC/SC and no plugins", PluginsLoaded: false) { Cluster = cluster, Storage = Storage() };
        }

        station.PluginsLoaded = await plugins.LoadedAsync(cancellationToken);
        var (ready, detail, reachable) = station.Snapshot();
        return new ReadinessDto(ready && memberUp, reachable, detail, station.PluginsLoaded) { Cluster = cluster, Storage = Storage() };
    }

    private StorageReadinessDto Storage()
    {
        var status = storage.Status;
        return new StorageReadinessDto(status.State.ToString(), status.Reason, status.Since, storage.Dropped.Values.Sum());
    }

    private static string Describe(MemberStatus status) => status switch
    {
        MemberStatus.Up => "member Up",
        MemberStatus.Joining or MemberStatus.WeaklyUp => $"member {status}: not Up in the fleet yet (are the seeds reachable?)",
        _ => $"member {status}: this node is leaving or has left the fleet",
    };
}
