using SmartCardFleet.Cluster.Topology;

namespace SmartCardFleet.Cluster.Tests.Support;

/// <summary>What one node of a multi-node spec is: its station name and role, the loopback port it binds (0: a free one
/// chosen at start), the seeds it joins ("127.0.0.1:port"; none: it forms the fleet), how many simulated readers a
/// station has, and the cluster settings a spec tunes (split brain timing, TLS, the throttler for partitions).</summary>
internal sealed record NodeSetup(string Name, NodeRole Role = NodeRole.Station)
{
    public int Port { get; init; }

    public IReadOnlyList<string> Seeds { get; init; } = [];

    public int Readers { get; init; } = 3;

    /// <summary>Long by default so a CI hiccup never downs a node in a spec that is not about split brain; the split brain
    /// specs shorten it.</summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Above the product's 2 s: on a loaded 2-core CI machine a live node's heartbeats can be seconds late, and a
    /// spec must not see it as unreachable (least of all with a short <see cref="StableAfter"/>, which would down it).</summary>
    public TimeSpan AcceptableHeartbeatPause { get; init; } = TimeSpan.FromSeconds(5);

    public FleetClusterTls? Tls { get; init; }

    /// <summary>The product's default: only the stuck-join spec shortens it.</summary>
    public TimeSpan JoinWatchdog { get; init; } = new FleetClusterOptions().JoinWatchdog;

    /// <summary>Remoting through Akka's throttler transport adapter (trttl), so a spec can blackhole the link between two
    /// nodes (<see cref="Partition"/>).</summary>
    public bool Throttled { get; init; }

    /// <summary>The PC/SC name of reader <paramref name="index"/> of station <paramref name="station"/>: unique across the
    /// fleet, so an answer names the station it came from.</summary>
    public static string ReaderName(string station, int index) => $"{station} Reader {index}";
}
