using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.DistributedData;
using Akka.Hosting;
using Akka.TestKit.Xunit2;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SmartCardFleet.Cluster.Directory;
using SmartCardFleet.Cluster.Events;
using SmartCardFleet.Cluster.Hosting;
using SmartCardFleet.Cluster.Tests.Support;
using SmartCardFleet.Cluster.Topology;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Hosting;
using SmartCardFleet.Testing;
using SmartCardFleet.VirtualCards.Simulation;

namespace SmartCardFleet.Cluster.Tests.Node;

/// <summary>One station with no seeds: it forms a fleet of its own (joins itself), is Up, lists its own readers in the
/// directory, routes its own name locally and relays other stations' batches but not its own.</summary>
public sealed class SingleNodeSpecs : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly SimulatedPcsc _pcsc = new();
    private IHost _host = null!;
    private ActorSystem _system = null!;
    private ClusterFleetTopology _topology = null!;

    public async Task InitializeAsync()
    {
        _pcsc.AddReader("Solo Reader 0");
        _pcsc.AddReader("Solo Reader 1");
        var options = new FleetClusterOptions { StationName = "solo", Hostname = "127.0.0.1", Port = FreePorts.Next() };
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddAkka("fleet", akka => akka.WithFleetCluster(options).WithSmartCardFleet(new SmartCardFleetOptions { Pcsc = _pcsc }));
        _host = builder.Build();
        await _host.StartAsync();
        _system = _host.Services.GetRequiredService<ActorSystem>();
        _topology = new ClusterFleetTopology(_system, options);
    }

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    [Fact]
    public async Task A_node_without_seeds_joins_itself_and_shows_itself_Up_with_its_readers()
    {
        await Eventually.AssertAsync(() =>
        {
            Assert.Equal(StationStatus.Up, _topology.Current.Find("solo")?.Status);
            Assert.Equal(2, _topology.Current.Find("solo")!.Readers.Count);
        }, Deadline);
        var station = _topology.Current.Find("solo")!;

        Assert.True(station.IsSelf);
        Assert.Equal(NodeRole.Station, station.Role);
        Assert.Equal(Akka.Cluster.Cluster.Get(_system).SelfAddress.ToString(), station.Address);
        Assert.Equal(["Solo Reader 0", "Solo Reader 1"], station.Readers.Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.Single(_topology.Current.Stations);
        Assert.True(_topology.Clustered);
    }

    [Fact]
    public void Its_own_name_routes_locally_and_any_other_name_is_unknown()
    {
        Assert.Same(StationRoute.Local.Instance, _topology.Route("solo"));
        Assert.Equal(new StationRoute.Unknown("elsewhere"), _topology.Route("elsewhere"));
    }

    [Fact]
    public async Task Its_directory_entry_carries_its_uid_and_follows_a_reader_unplugged()
    {
        await Eventually.AssertAsync(() => Assert.Equal(2, _topology.Current.Find("solo")?.Readers.Count), Deadline);

        _pcsc.RemoveReader("Solo Reader 1");

        DirectoryEntry? entry = null;
        await Eventually.AssertAsync(async () =>
        {
            var reply = await DistributedData.Get(_system).Replicator.Ask<IGetResponse>(
                Dsl.Get(FleetDirectory.Key, ReadLocal.Instance), TimeSpan.FromSeconds(5));
            Assert.True(Assert.IsType<GetSuccess>(reply).Get(FleetDirectory.Key).TryGetValue("solo", out entry));
            Assert.Single(entry!.Readers);
        }, Deadline);
        Assert.Equal(Akka.Cluster.Cluster.Get(_system).SelfUniqueAddress.Uid, entry!.Uid);
        Assert.Equal("Solo Reader 0", Assert.Single(entry.Readers).Name);
    }

    [Fact]
    public async Task When_the_PCSC_service_goes_its_readers_leave_the_directory_and_come_back_with_it()
    {
        await Eventually.AssertAsync(() => Assert.Equal(2, _topology.Current.Find("solo")?.Readers.Count), Deadline);

        _pcsc.StopService();
        await Eventually.AssertAsync(() => Assert.Empty(_topology.Current.Find("solo")!.Readers), Deadline);

        _pcsc.StartService();
        await Eventually.AssertAsync(() => Assert.Equal(2, _topology.Current.Find("solo")?.Readers.Count), Deadline);
    }

    [Fact]
    public async Task The_relay_publishes_another_stations_batch_locally_and_never_its_own()
    {
        var probe = new TestKit(_system);
        _system.EventStream.Subscribe(probe.TestActor, typeof(StationEventBatch));
        var relay = await _host.Services.GetRequiredService<ActorRegistry>().GetAsync<EventRelay>();
        await Eventually.AssertAsync(async () => Assert.True(await relay.Ask<bool>(IsSubscribed.Instance, TimeSpan.FromSeconds(5))), Deadline);
        var mediator = DistributedPubSub.Get(_system).Mediator;
        var own = new StationEventBatch("solo", [new ServiceRestored(null, 1, DateTimeOffset.UtcNow)]);
        var other = new StationEventBatch("kiosk-2", [new ServiceRestored(null, 2, DateTimeOffset.UtcNow)]);

        mediator.Tell(new Publish(FleetClusterConfig.EventsTopic, own));
        mediator.Tell(new Publish(FleetClusterConfig.EventsTopic, other));

        // DistributedPubSub keeps one sender's order: had its own batch been relayed, it would have come first.
        var relayed = await probe.ExpectMsgAsync<StationEventBatch>(Deadline);
        Assert.Equal("kiosk-2", relayed.Station);
    }

    [Fact]
    public async Task Its_own_fleet_events_leave_as_batches_on_the_fleet_events_topic()
    {
        var probe = new TestKit(_system);
        DistributedPubSub.Get(_system).Mediator.Tell(new Akka.Cluster.Tools.PublishSubscribe.Subscribe(FleetClusterConfig.EventsTopic, probe.TestActor));
        await probe.ExpectMsgAsync<SubscribeAck>(Deadline);

        _pcsc.AddReader("Solo Reader 2");

        var added = ReaderId.FromReaderName("Solo Reader 2");
        var batch = await probe.FishForMessageAsync<StationEventBatch>(b => b.Events.OfType<ReaderAdded>().Any(e => e.ReaderId == added), Deadline);
        Assert.Equal("solo", batch.Station);
    }

    [Fact]
    public async Task A_burst_of_events_leaves_in_order_in_batches_of_at_most_512()
    {
        var probe = new TestKit(_system);
        DistributedPubSub.Get(_system).Mediator.Tell(new Akka.Cluster.Tools.PublishSubscribe.Subscribe(FleetClusterConfig.EventsTopic, probe.TestActor));
        await probe.ExpectMsgAsync<SubscribeAck>(Deadline);
        await Eventually.AssertAsync(() => Assert.Equal(StationStatus.Up, _topology.Current.Find("solo")?.Status), Deadline);

        for (var i = 0; i < 1200; i++)
        {
            _system.EventStream.Publish(new ServiceRestored(null, i, DateTimeOffset.UtcNow));
        }

        var attempts = new List<int>();
        while (attempts.Count < 1200)
        {
            var batch = await probe.ExpectMsgAsync<StationEventBatch>(Deadline);
            Assert.InRange(batch.Events.Count, 1, EventPublisher.MaxBatch);
            attempts.AddRange(batch.Events.OfType<ServiceRestored>().Select(e => e.Attempts));
        }

        Assert.Equal(Enumerable.Range(0, 1200), attempts);
    }
}
