using System.Net;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SmartCardFleet.Cluster.Topology;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Host.Simulation;
using SmartCardFleet.Host.Station;
using SmartCardFleet.Host.Tests.Support;
using SmartCardFleet.Pcsc;
using SmartCardFleet.Testing;
using SmartCardFleet.VirtualCards.Simulation;

namespace SmartCardFleet.Host.Tests.Station;

/// <summary>How the host composes a node: a standalone station exactly as before the cluster, a clustered station (its
/// readiness waits for membership), and a console (API and dashboard over the cluster, no PC/SC, no readers).</summary>
public sealed class ClusterNodeTests
{
    [Fact]
    public async Task A_console_runs_no_pcsc_no_reader_manager_and_no_plugin_host_and_is_ready_once_a_member_up()
    {
        await using var app = StationHost.Build(new StationLaunch
        {
            Urls = ["http://127.0.0.1:0"],
            Overrides = ClusterTestSettings.Node("desk-console", "console"),
        });
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        Assert.Null(app.Services.GetService<IPcscApi>());
        Assert.Null(app.Services.GetService<SimulatedPcsc>());
        Assert.DoesNotContain(app.Services.GetServices<IHostedService>(), s => s is PcscProbe or CardChurnService);
        var registry = app.Services.GetRequiredService<ActorRegistry>();
        Assert.False(registry.TryGet<ReaderManager>(out _));
        Assert.False(registry.TryGet<PluginHost>(out _));
        var topology = app.Services.GetRequiredService<IFleetTopology>();
        Assert.Equal((true, "desk-console", NodeRole.Console), (topology.Clustered, topology.SelfName, topology.SelfRole));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        var ready = await ReadyAsync(http);
        Assert.Null(ready["pcscReachable"]?.GetValue<bool>());
        Assert.Equal("member Up", ready["cluster"]!.GetValue<string>());
        // The event bridge still runs: the journal, SSE and dashboard show the other stations' events.
        var system = app.Services.GetRequiredService<ActorSystem>();
        await system.ActorSelection($"/user/{StationActors.EventBridgeName}").ResolveOne(TimeSpan.FromSeconds(5));
        await app.StopAsync();
    }

    [Fact]
    public async Task A_clustered_station_serves_its_readers_and_is_ready_once_a_member_up()
    {
        await using var station = await StationUnderTest.StartAsync(readers: 2, overrides: ClusterTestSettings.Node("desk-1"));

        var topology = station.App.Services.GetRequiredService<IFleetTopology>();
        Assert.Equal((true, "desk-1", NodeRole.Station), (topology.Clustered, topology.SelfName, topology.SelfRole));
        var ready = await WaitUntilMemberUpAsync(station);
        Assert.True(ready["pcscReachable"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_start_line_names_the_station_and_when_clustered_its_role_remoting_address_and_seeds()
    {
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var settings = ClusterTestSettings.Node("desk-4");
        settings["Logging:LogLevel:SmartCardFleet.Host"] = "Information";
        settings["Cluster:Seeds:0"] = $"127.0.0.1:{settings["Cluster:Port"]}";
        await using (await StationUnderTest.StartAsync(readers: 1, overrides: settings,
            services: s => s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(new CapturingLoggerProvider(lines))))
        {
        }

        await using (await StationUnderTest.StartAsync(readers: 1, overrides: new Dictionary<string, string?>
        {
            ["Station:Name"] = "kiosk-9",
            ["Logging:LogLevel:SmartCardFleet.Host"] = "Information",
        }, services: s => s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(new CapturingLoggerProvider(lines))))
        {
        }

        var started = lines.Where(l => l.Contains("Station started", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, started.Count);
        Assert.Contains($"Station started (desk-4, simulated fleet of 1 readers; cluster role station, remoting 127.0.0.1:{settings["Cluster:Port"]}, " +
            $"seeds 127.0.0.1:{settings["Cluster:Port"]})", started[0], StringComparison.Ordinal);
        Assert.Contains("Station started (kiosk-9, simulated fleet of 1 readers)", started[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_clustered_station_whose_seeds_do_not_answer_serves_its_readers_but_is_not_ready()
    {
        var settings = ClusterTestSettings.Node("desk-2");
        settings["Cluster:Seeds:0"] = $"127.0.0.1:{FreePorts.Next()}";
        await using var station = await StationUnderTest.StartAsync(readers: 1, overrides: settings);

        var response = await station.Http.GetAsync("/readyz");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(body["pcscReachable"]!.GetValue<bool>());
        Assert.DoesNotContain("member Up", body["cluster"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_standalone_station_is_a_fleet_of_one_on_a_local_actor_system_and_its_readiness_is_unchanged()
    {
        await using var station = await StationUnderTest.StartAsync(readers: 1,
            overrides: new Dictionary<string, string?> { ["Station:Name"] = "kiosk-9" });

        var topology = station.App.Services.GetRequiredService<IFleetTopology>();
        Assert.IsType<StandaloneTopology>(topology);
        Assert.Equal((false, "kiosk-9", NodeRole.Station), (topology.Clustered, topology.SelfName, topology.SelfRole));
        var system = station.App.Services.GetRequiredService<ActorSystem>();
        Assert.IsType<LocalActorRefProvider>(((ExtendedActorSystem)system).Provider);
        var ready = await Eventually.GetAsync(async () =>
        {
            var response = await station.Http.GetAsync("/readyz");
            return response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject() : null;
        }, TimeSpan.FromSeconds(10), "/readyz to answer 200");
        // No cluster field on a standalone station; the storage field (issue 14) is every station's.
        Assert.Equal(["ready", "pcscReachable", "pcsc", "pluginsLoaded", "storage"], ready.Select(p => p.Key));
    }

    [Fact]
    public async Task A_clustered_station_that_is_downed_stops_its_host_and_exits_with_the_downing_exit_code()
    {
        await using var station = await StationUnderTest.StartAsync(readers: 1, overrides: ClusterTestSettings.Node("desk-3"));
        await WaitUntilMemberUpAsync(station);
        var system = station.App.Services.GetRequiredService<ActorSystem>();
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        station.App.Lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());

        var cluster = Akka.Cluster.Cluster.Get(system);
        cluster.Down(cluster.SelfAddress);

        await system.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(30));
        await stopping.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var code = StationExit.Code(station.App.Services);
        Assert.NotEqual(SmartCardFleet.Host.Cli.ExitCodes.Ok, code);
        Assert.Equal(CoordinatedShutdown.ClusterDowningReason.Instance.ExitCode, code);
    }

    [Fact]
    public async Task A_station_stopped_as_asked_exits_0()
    {
        await using var station = await StationUnderTest.StartAsync(readers: 1);

        await station.App.StopAsync();

        Assert.Equal(SmartCardFleet.Host.Cli.ExitCodes.Ok, StationExit.Code(station.App.Services));
    }

    /// <summary>Waits until /readyz says this node is a member Up; returns its answer.</summary>
    internal static async Task<JsonNode> WaitUntilMemberUpAsync(StationUnderTest station) => await ReadyAsync(station.Http);

    private static Task<JsonNode> ReadyAsync(HttpClient http) =>
        Eventually.GetAsync(async () =>
        {
            var response = await http.GetAsync("/readyz");
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
            return response.IsSuccessStatusCode && body?["cluster"]?.GetValue<string>() == "member Up" ? body : null;
        }, TimeSpan.FromSeconds(20), "/readyz to answer 200 with cluster \"member Up\"");
}
