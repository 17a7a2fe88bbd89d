using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SmartCardFleet.Cluster.Topology;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Hosting;
using SmartCardFleet.Testing;
using SmartCardFleet.VirtualCards.Simulation;

namespace SmartCardFleet.Cluster.Tests.Support;

/// <summary>
/// One fleet node inside the test process: a Generic Host with the ActorSystem "fleet" (WithSmartCardFleet over a
/// simulated PC/SC for a station, nothing of it for a console, then WithFleetCluster) bound to a loopback port, and the
/// node's <see cref="ClusterFleetTopology"/>. <see cref="KillAsync"/> ends it the way kill -9 ends a process as far as
/// the others can tell: the ActorSystem terminates without leaving the cluster, so they only learn it from the failure
/// detector.
/// </summary>
internal sealed class FleetNode : IAsyncDisposable
{
    /// <summary>System.Terminate() skips CoordinatedShutdown (and with it the cluster-leave phase): the abrupt end of
    /// <see cref="KillAsync"/>. A graceful stop goes through the host, which runs CoordinatedShutdown itself.</summary>
    private static readonly Config TerminateWithoutLeaving =
        ConfigurationFactory.ParseString("akka.coordinated-shutdown.run-by-actor-system-terminate = off");

    private readonly IHost _host;
    private int _ended;

    private FleetNode(NodeSetup setup, FleetClusterOptions options, IHost host, SimulatedPcsc? pcsc)
    {
        Setup = setup;
        Options = options;
        _host = host;
        Pcsc = pcsc;
        System = host.Services.GetRequiredService<ActorSystem>();
        Topology = new ClusterFleetTopology(System, options);
    }

    public NodeSetup Setup { get; }

    public FleetClusterOptions Options { get; }

    public string Name => Setup.Name;

    public int Port => Options.Port;

    /// <summary>"127.0.0.1:port", the form other nodes name this one in their seeds.</summary>
    public string Seed => $"127.0.0.1:{Port}";

    public ActorSystem System { get; }

    public ClusterFleetTopology Topology { get; }

    /// <summary>The station's simulated PC/SC (insert and pull cards here); null on a console.</summary>
    public SimulatedPcsc? Pcsc { get; }

    /// <summary>The ids the station's reader manager gives its simulated readers, in reader order.</summary>
    public IReadOnlyList<ReaderId> ReaderIds => Pcsc is null
        ? []
        : Enumerable.Range(0, Setup.Readers).Select(i => ReaderId.FromReaderName(NodeSetup.ReaderName(Name, i))).ToArray();

    public Akka.Cluster.Cluster Cluster => Akka.Cluster.Cluster.Get(System);

    public bool Terminated => System.WhenTerminated.IsCompleted;

    public static async Task<FleetNode> StartAsync(NodeSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var options = new FleetClusterOptions
        {
            StationName = setup.Name,
            Role = setup.Role,
            Hostname = "127.0.0.1",
            Port = setup.Port == 0 ? FreePorts.Next() : setup.Port,
            Tls = setup.Tls,
            StableAfter = setup.StableAfter,
            AcceptableHeartbeatPause = setup.AcceptableHeartbeatPause,
            JoinWatchdog = setup.JoinWatchdog,
        };
        foreach (var seed in setup.Seeds)
        {
            options.Seeds.Add(seed);
        }

        var pcsc = setup.Role == NodeRole.Station ? Readers(setup) : null;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddAkka("fleet", akka =>
        {
            akka.AddHocon(TerminateWithoutLeaving, HoconAddMode.Prepend);
            // The cluster first: its directory writer and event publisher must be subscribed before the reader manager
            // publishes its first ReaderAdded.
            akka.WithFleetCluster(options);
            if (setup.Throttled)
            {
                // Prepended after WithFleetCluster, so it wins over the seeds written there.
                akka.AddHocon(Partition.Throttle(options.Seeds), HoconAddMode.Prepend);
            }

            if (pcsc is not null)
            {
                akka.WithSmartCardFleet(new SmartCardFleetOptions { Pcsc = pcsc });
            }
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new FleetNode(setup, options, host, pcsc);
    }

    /// <summary>The node as a fresh process on the same port and with the same name (a new incarnation, new uid),
    /// optionally set up differently (e.g. another reader plugged in meanwhile).</summary>
    public Task<FleetNode> RestartAsync(Func<NodeSetup, NodeSetup>? change = null) =>
        StartAsync((change?.Invoke(Setup) ?? Setup) with { Name = Name, Port = Port });

    /// <summary>Ends the node without a goodbye: no cluster leave, no directory update; the transport closes with the
    /// system. The others see it only through missing heartbeats, as after kill -9.</summary>
    public async Task KillAsync()
    {
        if (Interlocked.Exchange(ref _ended, 1) == 0)
        {
            await System.Terminate();
            _host.Dispose();
        }
    }

    /// <summary>Specs end with every node killed at once: a graceful leave of each would only cost time.</summary>
    public async ValueTask DisposeAsync() => await KillAsync();

    private static SimulatedPcsc Readers(NodeSetup setup)
    {
        var pcsc = new SimulatedPcsc();
        for (var i = 0; i < setup.Readers; i++)
        {
            pcsc.AddReader(NodeSetup.ReaderName(setup.Name, i));
        }

        return pcsc;
    }

    public override string ToString() => $"{Name}@{Seed}";
}
