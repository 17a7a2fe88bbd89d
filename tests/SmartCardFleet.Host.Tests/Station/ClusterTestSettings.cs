using SmartCardFleet.Testing;

namespace SmartCardFleet.Host.Tests.Station;

/// <summary>What the cluster configuration tests share: the settings of a node on a free loopback port.</summary>
internal static class ClusterTestSettings
{
    /// <summary>Settings of a node that joins itself on a free loopback port.</summary>
    public static Dictionary<string, string?> Node(string name, string role = "station") => new()
    {
        ["Station:Name"] = name,
        ["Cluster:Enabled"] = "true",
        ["Cluster:Port"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Cluster:Roles:0"] = role,
    };
}
