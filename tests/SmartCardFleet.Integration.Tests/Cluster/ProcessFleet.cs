using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace SmartCardFleet.Integration.Tests.Cluster;

/// <summary>The `fleet run` processes of one test and what a test asks any of them: the members it sees
/// (GET /api/stations) and the readers it lists (GET /api/readers). Disposing kills every node still running and
/// writes each node's recent output into the test output (the first place to look when a fleet test fails).</summary>
internal sealed class ProcessFleet(ITestOutputHelper output) : IAsyncDisposable
{
    /// <summary>Start-up of a node on a loaded 2-core machine, JIT and cluster join included.</summary>
    public static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(90);

    /// <summary>For changes a running fleet makes on its own (unreachable, downed, rejoined).</summary>
    public static readonly TimeSpan ChangeDeadline = TimeSpan.FromSeconds(45);

    private readonly List<FleetNodeProcess> _nodes = [];

    public FleetNodeProcess Add(FleetNodeProcess node)
    {
        _nodes.Add(node);
        return node;
    }

    /// <summary>Every node's last output lines, for failure messages.</summary>
    public string Diagnostics() => string.Join('\n', _nodes.Select(n => $"--- {n.Name} (running: {n.IsRunning})\n{n.RecentOutput(40)}"));

    /// <summary>GET /api/stations on <paramref name="node"/>: name → the station's entry.</summary>
    public static async Task<Dictionary<string, JsonNode>> StationsAsync(FleetNodeProcess node)
    {
        node.ThrowIfExited();
        var stations = (await ApiAnswer.GetAsync(node.Http, "/api/stations")).Json("GET /api/stations")["stations"]!.AsArray();
        return stations.ToDictionary(s => (string)s!["name"]!, s => s!, StringComparer.Ordinal);
    }

    /// <summary>GET /api/readers on <paramref name="node"/>: every reader entry it lists.</summary>
    public static async Task<List<JsonNode>> ReadersAsync(FleetNodeProcess node, string query = "")
    {
        node.ThrowIfExited();
        var readers = (await ApiAnswer.GetAsync(node.Http, "/api/readers" + query)).Json("GET /api/readers")["readers"]!.AsArray();
        return [.. readers.Select(r => r!)];
    }

    /// <summary>Waits until <paramref name="node"/> shows exactly <paramref name="expected"/> as members, each Up.</summary>
    public Task<Dictionary<string, JsonNode>> UntilAllUpAsync(FleetNodeProcess node, TimeSpan deadline, params string[] expected) =>
        Poll.UntilAsync($"{node.Name} shows {string.Join(", ", expected)} Up", deadline, () => StationsAsync(node),
            stations => stations.Count == expected.Length && expected.All(n => Status(stations, n) == "Up"),
            Describe, Diagnostics);

    public static string? Status(Dictionary<string, JsonNode> stations, string name) =>
        stations.TryGetValue(name, out var station) ? (string?)station["status"] : null;

    public static string Describe(Dictionary<string, JsonNode> stations) =>
        string.Join(", ", stations.Values.Select(s => $"{s["name"]}={s["status"]} ({s["readers"]} readers)"));

    public static string Describe(List<JsonNode> readers) =>
        $"{readers.Count} readers: " + string.Join(", ", readers.Take(20).Select(r => $"{r["id"]}@{r["station"]}={r["state"]}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        foreach (var node in _nodes)
        {
            output.WriteLine($"--- output of {node.Name}");
            output.WriteLine(node.RecentOutput(400));
        }
    }
}
