using SmartCardFleet.Cluster;
using SmartCardFleet.Cluster.Topology;

namespace SmartCardFleet.Host.Configuration;

/// <summary>The "Cluster" section: whether and how this node joins a fleet on Akka.Cluster (README "A fleet of
/// stations", docs/cluster.md). Absent or Enabled=false: a standalone station, exactly as before the cluster existed.
/// Validated before the host is composed (<see cref="ClusterSettings"/>), because remoting needs its address then.</summary>
public sealed class ClusterOptions
{
    public const string SectionName = "Cluster";

    public const int DefaultPort = 4053;

    public bool Enabled { get; set; }

    /// <summary>Address remoting binds. Anything but loopback needs Cluster:Tls:CertificatePath and Http:ApiToken.</summary>
    public string Hostname { get; set; } = "127.0.0.1";

    /// <summary>Address the other nodes reach this one at, when it differs from <see cref="Hostname"/> (e.g. 0.0.0.0).</summary>
    public string? PublicHostname { get; set; }

    public int Port { get; set; } = DefaultPort;

    /// <summary>"host:port" of the seed nodes; empty = this node starts a fleet on its own. A list (not a default value)
    /// because the binder appends configured items to a pre-filled list.</summary>
    public List<string> Seeds { get; set; } = [];

    /// <summary>Exactly one of station (empty = station) or console.</summary>
    public List<NodeRole> Roles { get; set; } = [];

    public ClusterTlsOptions Tls { get; set; } = new();

    public SplitBrainOptions SplitBrain { get; set; } = new();

    public FailureDetectorOptions FailureDetector { get; set; } = new();

    /// <summary>How long this node may stay connected to a seed without being let into the fleet before it stops for its
    /// supervisor to restart it (docs/cluster.md, "Stuck outside the fleet"); 00:00:00 turns the watchdog off.</summary>
    public TimeSpan JoinWatchdog { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The one role of this node (validation refuses more than one).</summary>
    public NodeRole Role => Roles.Count == 0 ? NodeRole.Station : Roles[0];

    /// <summary>A console only when clustered: a standalone station always runs its readers.</summary>
    public bool IsConsole => Enabled && Role == NodeRole.Console;

    /// <summary>The certificate password is never printed: options may be dumped by diagnostics.</summary>
    public override string ToString() =>
        $"Enabled={Enabled}, Hostname={Hostname}, Port={Port}, Seeds={string.Join(';', Seeds)}, Role={Role}, " +
        $"Tls={(string.IsNullOrEmpty(Tls.CertificatePath) ? "(none)" : Tls.CertificatePath)}";
}

/// <summary>Remoting TLS: a PKCS#12 (.pfx) file with the node's certificate and private key.</summary>
public sealed class ClusterTlsOptions
{
    /// <summary>Path of the .pfx; a relative path is taken from the configuration file's folder.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>Skips checking the peers' certificate chain: self-signed test set-ups only.</summary>
    public bool SuppressValidation { get; set; }
}

public sealed class SplitBrainOptions
{
    public SplitBrainStrategy Strategy { get; set; } = SplitBrainStrategy.KeepMajority;

    /// <summary>How long membership must be stable before the resolver downs the unreachable side.</summary>
    public TimeSpan StableAfter { get; set; } = TimeSpan.FromSeconds(20);
}

public sealed class FailureDetectorOptions
{
    /// <summary>How long a member's heartbeats may pause before it is called unreachable.</summary>
    public TimeSpan AcceptableHeartbeatPause { get; set; } = TimeSpan.FromSeconds(2);
}
