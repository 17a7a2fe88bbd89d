using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using SmartCardFleet.Core.Configuration;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Messaging;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Hosting.Tests.Support;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Hosting.Tests;

public sealed class WithSmartCardFleetTests
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task The_registered_reader_manager_lists_the_simulated_reader()
    {
        await using var fleet = await HostedFleet.StartAsync(new SmartCardFleetOptions { Pcsc = HostedFleet.OneReader() });

        var manager = fleet.Registry.Get<ReaderManager>();

        Assert.Equal("/user/readers", manager.Path.ToStringWithoutAddress());
        await fleet.Kit.AwaitAssertAsync(async () =>
        {
            var list = await manager.Ask<ReaderList>(ListReaders.Instance, AskTimeout);
            Assert.Equal([HostedFleet.ReaderName], list.Readers.Select(r => r.ReaderName));
        });
    }

    [Fact]
    public async Task Event_subscribers_receive_the_ReaderAdded_of_a_reader_present_at_start()
    {
        var options = new SmartCardFleetOptions { Pcsc = HostedFleet.OneReader() };
        options.EventSubscribers.Add(new FleetEventSubscriber("event-log", Props.Create(() => new EventLog())));
        await using var fleet = await HostedFleet.StartAsync(options);

        var log = await fleet.System.ActorSelection("/user/event-log").ResolveOne(AskTimeout);

        await fleet.Kit.AwaitAssertAsync(async () =>
        {
            var events = await log.Ask<IReadOnlyList<IFleetEvent>>(EventLog.Get, AskTimeout);
            Assert.Contains(events, e => e is ReaderAdded { ReaderName: HostedFleet.ReaderName });
        });
    }

    [Fact]
    public async Task Core_dispatchers_the_idle_friendly_scheduler_and_host_driven_shutdown_are_configured()
    {
        await using var fleet = await HostedFleet.StartAsync(new SmartCardFleetOptions { Pcsc = HostedFleet.OneReader() });

        Assert.True(fleet.System.Dispatchers.HasDispatcher(CoreConfig.CardIoDispatcherId));
        Assert.True(fleet.System.Dispatchers.HasDispatcher(CoreConfig.SharedCardIoDispatcherId));
        Assert.Equal("TimerQueueScheduler", fleet.System.Scheduler.GetType().Name);
        Assert.False(fleet.System.Settings.Config.GetBoolean("akka.coordinated-shutdown.run-by-clr-shutdown-hook"));
    }

    [Fact]
    public async Task Wire_messages_use_the_fleet_serializer_and_local_only_ones_are_refused()
    {
        await using var fleet = await HostedFleet.StartAsync(new SmartCardFleetOptions { Pcsc = HostedFleet.OneReader() });
        var serialization = fleet.System.Serialization;

        Assert.IsType<FleetJsonSerializer>(serialization.FindSerializerFor(new Transmit([0x00, 0xA4, 0x04, 0x00])));
        Assert.IsType<FleetJsonSerializer>(serialization.FindSerializerFor(new ReaderFailure(null, ReaderFailureReason.NoCard, "none")));
        var local = serialization.FindSerializerFor(new AttachByHandle(42));
        Assert.IsType<LocalOnlySerializer>(local);
        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => local.ToBinary(new AttachByHandle(42)));
    }

    [Fact]
    public async Task The_application_own_hocon_overrides_the_dispatcher_defaults()
    {
        await using var fleet = await HostedFleet.StartAsync(akka => akka
            .AddHocon(ConfigurationFactory.ParseString($"{CoreConfig.SharedCardIoDispatcherId}.dedicated-thread-pool.thread-count = 2"),
                HoconAddMode.Prepend)
            .WithSmartCardFleet(new SmartCardFleetOptions { Pcsc = HostedFleet.OneReader() }));

        Assert.Equal(2, fleet.System.Settings.Config.GetInt($"{CoreConfig.SharedCardIoDispatcherId}.dedicated-thread-pool.thread-count"));
    }

    [Fact]
    public async Task Without_plugin_settings_no_plugin_host_is_started()
    {
        await using var fleet = await HostedFleet.StartAsync(new SmartCardFleetOptions { Pcsc = HostedFleet.OneReader() });

        Assert.False(fleet.Registry.TryGet<PluginHost>(out _));
    }

    [Fact]
    public async Task With_plugin_settings_the_plugin_host_runs_under_its_name_and_answers()
    {
        var plugins = Directory.CreateTempSubdirectory("hosting-no-plugins-").FullName;
        await using var fleet = await HostedFleet.StartAsync(new SmartCardFleetOptions
        {
            Pcsc = HostedFleet.OneReader(),
            Plugins = new PluginHostSettings { PluginDirectory = plugins, WatchPluginDirectory = false },
            ReaderManagerName = "station-readers",
            PluginHostName = "station-plugins",
        });

        var host = fleet.Registry.Get<PluginHost>();
        var status = await host.Ask<PluginCatalogStatus>(GetPluginStatus.Instance, AskTimeout);

        Assert.Equal("/user/station-plugins", host.Path.ToStringWithoutAddress());
        Assert.Equal("/user/station-readers", fleet.Registry.Get<ReaderManager>().Path.ToStringWithoutAddress());
        Assert.Empty(status.Plugins);
    }

    [Fact]
    public async Task Options_can_be_made_from_the_host_services()
    {
        var pcsc = HostedFleet.OneReader();
        await using var fleet = await HostedFleet.StartAsync(
            akka => akka.WithSmartCardFleet(services => new SmartCardFleetOptions
            {
                Pcsc = services.GetRequiredService<IPcscApi>(),
            }),
            services => services.AddSingleton<IPcscApi>(pcsc));

        var manager = fleet.Registry.Get<ReaderManager>();

        await fleet.Kit.AwaitAssertAsync(async () =>
            Assert.Single((await manager.Ask<ReaderList>(ListReaders.Instance, AskTimeout)).Readers));
    }

    /// <summary>Keeps every fleet event it gets; answers <see cref="Get"/> with them.</summary>
    private sealed class EventLog : ReceiveActor
    {
        public static readonly object Get = new();

        public EventLog()
        {
            var events = new List<IFleetEvent>();
            Receive<IFleetEvent>(events.Add);
            Receive<object>(message => ReferenceEquals(message, Get), _ => Sender.Tell(events.ToArray()));
        }
    }
}
