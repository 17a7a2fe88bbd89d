using SmartCardFleet.Cluster.Topology;

namespace SmartCardFleet.Cluster;

/// <summary>How a node joins the fleet. The host binds these from Station:Name and the Cluster section and validates them
/// with messages that name the configuration keys; <see cref="Validate"/> is the library's own last check.</summary>
public sealed class FleetClusterOptions
{
    /// <summary>This node's name in the fleet (<see cref="StationNames"/>); unique among the members that are Up.</summary>
    public string StationName { get; set; } = StationNames.FromHostName(Environment.MachineName);

    public NodeRole Role { get; set; } = NodeRole.Station;

    /// <summary>Address remoting binds to. Loopback by default; anything else requires <see cref="Tls"/>.</summary>
    public string Hostname { get; set; } = "127.0.0.1";

    /// <summary>Address other nodes use to reach this one when it differs from <see cref="Hostname"/> (e.g. bound to 0.0.0.0).</summary>
    public string? PublicHostname { get; set; }

    public int Port { get; set; } = 4053;

    /// <summary>"host:port" of the seed nodes. Empty: this node forms a fleet on its own (it joins itself).</summary>
    public IList<string> Seeds { get; } = [];

    /// <summary>TLS for remoting; required when <see cref="Hostname"/> is not a loopback address.</summary>
    public FleetClusterTls? Tls { get; set; }

    public SplitBrainStrategy SplitBrain { get; set; } = SplitBrainStrategy.KeepMajority;

    /// <summary>How long membership must be stable before the split brain resolver downs the unreachable side.</summary>
    public TimeSpan StableAfter { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long a member's heartbeats may pause before the failure detector calls it unreachable.</summary>
    public TimeSpan AcceptableHeartbeatPause { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The software version this node reports in the fleet view.</summary>
    public string SoftwareVersion { get; set; } = typeof(FleetClusterOptions).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>Names under /user of the station's reader manager and plugin host (as SmartCardFleetOptions names them).</summary>
    public string ReaderManagerName { get; set; } = "readers";

    public string PluginHostName { get; set; } = "plugins";
}

/// <summary>Which side of a partition survives (docs/cluster.md): keep-majority is Akka's default.</summary>
public enum SplitBrainStrategy
{
    KeepMajority,
    KeepOldest,
}

/// <summary>Remoting TLS: the node's certificate (PKCS#12 file) and its password. <paramref name="SuppressValidation"/>
/// skips checking the peer's certificate chain (self-signed test set-ups only).</summary>
public sealed record FleetClusterTls(string CertificatePath, string? CertificatePassword, bool SuppressValidation = false);
