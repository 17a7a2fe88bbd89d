using SmartCardFleet.Cluster.Topology;

namespace SmartCardFleet.Cluster.Tests.Support;

/// <summary>
/// Several fleet nodes on loopback in this process: the first forms the fleet, every other one names it as its seed.
/// Nodes are started one after the other (a node's start is mostly Akka's own set-up; the 2-core CI machine gains
/// nothing from overlapping them). Disposing kills every node still running.
/// </summary>
internal sealed class LocalFleet : IAsyncDisposable
{
    /// <summary>Joining, directory gossip and failure detection on a loaded 2-core machine: generous on purpose.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly List<FleetNode> _nodes = [];

    public IReadOnlyList<FleetNode> Nodes => _nodes;

    public FleetNode this[string name] => _nodes.Last(n => n.Name == name);

    public static async Task<LocalFleet> StartAsync(params NodeSetup[] setups)
    {
        var fleet = new LocalFleet();
        try
        {
            foreach (var setup in setups)
            {
                await fleet.AddAsync(setup);
            }
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }

        return fleet;
    }

    /// <summary>Starts a node that joins through the first node of the fleet (or forms it, when it is the first).</summary>
    public async Task<FleetNode> AddAsync(NodeSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var seeded = _nodes.Count == 0 || setup.Seeds.Count > 0 ? setup : setup with { Seeds = [_nodes[0].Seed] };
        var node = await FleetNode.StartAsync(seeded);
        _nodes.Add(node);
        return node;
    }

    /// <summary>Restarts a killed node on its port, with its name, as the replacement in this fleet.</summary>
    public async Task<FleetNode> RestartAsync(FleetNode killed, Func<NodeSetup, NodeSetup>? change = null)
    {
        ArgumentNullException.ThrowIfNull(killed);
        if (!killed.Terminated)
        {
            throw new InvalidOperationException($"{killed} is still running; kill it before restarting it");
        }

        var node = await killed.RestartAsync(change);
        _nodes[_nodes.IndexOf(killed)] = node;
        return node;
    }

    /// <summary>The nodes still running.</summary>
    public IEnumerable<FleetNode> Running => _nodes.Where(n => !n.Terminated);

    /// <summary>Waits until every running node's view lists every running node Up.</summary>
    public Task AwaitAllUpAsync() => Eventually.AssertAsync(() =>
    {
        var names = Running.Select(n => n.Name).Order(StringComparer.Ordinal).ToArray();
        foreach (var node in Running)
        {
            var up = node.Topology.Current.Stations.Where(s => s.Status == StationStatus.Up).Select(s => s.Name);
            Assert.Equal(names, up.Order(StringComparer.Ordinal).ToArray());
        }
    }, Deadline);

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_nodes.Select(n => n.DisposeAsync().AsTask()));
    }
}
