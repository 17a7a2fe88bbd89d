using SmartCardFleet.Cluster;
using SmartCardFleet.Cluster.Topology;

namespace SmartCardFleet.Host.Configuration;

/// <summary>Who this process is in the fleet, decided before the host is composed: its name, the Cluster section and the
/// software version. A standalone station is <see cref="Clustered"/> false and always a <see cref="NodeRole.Station"/>.</summary>
public sealed record FleetNode(string StationName, ClusterOptions Cluster, string SoftwareVersion)
{
    public bool Clustered => Cluster.Enabled;

    public NodeRole Role => Clustered ? Cluster.Role : NodeRole.Station;

    public bool IsConsole => Role == NodeRole.Console;

    /// <summary>The address other nodes reach this one at (the public host name when set).</summary>
    public string RemotingAddress => $"{(string.IsNullOrEmpty(Cluster.PublicHostname) ? Cluster.Hostname : Cluster.PublicHostname)}:{Cluster.Port}";

    /// <summary>What the cluster library is composed with; reader manager and plugin host keep their default actor names
    /// (the same defaults as SmartCardFleetOptions), so remote nodes find them under /user.</summary>
    public FleetClusterOptions ToFleetClusterOptions()
    {
        var options = new FleetClusterOptions
        {
            StationName = StationName,
            Role = Role,
            Hostname = Cluster.Hostname,
            PublicHostname = string.IsNullOrEmpty(Cluster.PublicHostname) ? null : Cluster.PublicHostname,
            Port = Cluster.Port,
            Tls = string.IsNullOrEmpty(Cluster.Tls.CertificatePath) ? null
                : new FleetClusterTls(Cluster.Tls.CertificatePath, Cluster.Tls.CertificatePassword, Cluster.Tls.SuppressValidation),
            SplitBrain = Cluster.SplitBrain.Strategy,
            StableAfter = Cluster.SplitBrain.StableAfter,
            AcceptableHeartbeatPause = Cluster.FailureDetector.AcceptableHeartbeatPause,
            JoinWatchdog = Cluster.JoinWatchdog,
            SoftwareVersion = SoftwareVersion,
            ActorSystemName = Station.StationActors.SystemName,
        };
        foreach (var seed in Cluster.Seeds)
        {
            options.Seeds.Add(seed);
        }

        return options;
    }
}
