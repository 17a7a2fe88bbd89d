using System.Net;
using SmartCardFleet.Cluster.Hosting;
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

    /// <summary>The ActorSystem's name (AddAkka("fleet", ...)); seeds are addressed as akka.tcp://&lt;name&gt;@host:port, so
    /// every node of a fleet uses the same name.</summary>
    public string ActorSystemName { get; set; } = "fleet";

    /// <summary>"host:port" of the seed nodes. Empty: this node forms a fleet on its own (it joins itself).</summary>
    public IList<string> Seeds { get; } = [];

    /// <summary>TLS for remoting; required when <see cref="Hostname"/> is not a loopback address.</summary>
    public FleetClusterTls? Tls { get; set; }

    public SplitBrainStrategy SplitBrain { get; set; } = SplitBrainStrategy.KeepMajority;

    /// <summary>How long membership must be stable before the split brain resolver downs the unreachable side.</summary>
    public TimeSpan StableAfter { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long a member's heartbeats may pause before the failure detector calls it unreachable.</summary>
    public TimeSpan AcceptableHeartbeatPause { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a node may stay connected to a seed without being let into the fleet before it stops, so that
    /// its supervisor starts a fresh incarnation (<see cref="Membership.JoinWatchdog"/>). Zero turns the watchdog off.</summary>
    public TimeSpan JoinWatchdog { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The software version this node reports in the fleet view.</summary>
    public string SoftwareVersion { get; set; } = typeof(FleetClusterOptions).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>Names under /user of the station's reader manager and plugin host (as SmartCardFleetOptions names them).</summary>
    public string ReaderManagerName { get; set; } = "readers";

    public string PluginHostName { get; set; } = "plugins";

    /// <summary>The library's own last check (the host validates first, naming its configuration keys).</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message lists every problem.</exception>
    public FleetClusterOptions Validate()
    {
        var problems = new List<string>();
        if (!StationNames.IsValid(StationName, out var nameProblem))
        {
            problems.Add($"StationName '{StationName}' {nameProblem}");
        }

        if (string.IsNullOrWhiteSpace(Hostname))
        {
            problems.Add("Hostname is empty");
        }
        else if (Tls is null && !IsLoopback(Hostname))
        {
            problems.Add($"Hostname '{Hostname}' is not a loopback address: remoting there needs Tls (a certificate)");
        }

        if (Port is < 0 or > 65535)
        {
            problems.Add($"Port {Port} is not from 0 to 65535");
        }

        foreach (var seed in Seeds)
        {
            if (!FleetClusterConfig.TrySplitSeed(seed, out _, out _, out var seedProblem))
            {
                problems.Add($"seed '{seed}' {seedProblem}");
            }
        }

        if (Tls is { } tls && string.IsNullOrWhiteSpace(tls.CertificatePath))
        {
            problems.Add("Tls.CertificatePath is empty");
        }

        if (StableAfter <= TimeSpan.Zero || AcceptableHeartbeatPause <= TimeSpan.Zero)
        {
            problems.Add("StableAfter and AcceptableHeartbeatPause must be positive");
        }

        if (JoinWatchdog < TimeSpan.Zero)
        {
            problems.Add("JoinWatchdog must be zero (off) or positive");
        }

        if (string.IsNullOrWhiteSpace(ReaderManagerName) || string.IsNullOrWhiteSpace(PluginHostName))
        {
            problems.Add("ReaderManagerName and PluginHostName must be set");
        }

        return problems.Count == 0 ? this : throw new ArgumentException("Invalid fleet cluster options: " + string.Join("; ", problems));
    }

    /// <summary>"localhost" or a loopback IP address (127.0.0.0/8, ::1).</summary>
    public static bool IsLoopback(string hostname) =>
        string.Equals(hostname, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(hostname.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
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
