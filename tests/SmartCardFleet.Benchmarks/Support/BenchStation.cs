using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SmartCardFleet.Core.Configuration;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Plugins;

namespace SmartCardFleet.Benchmarks.Support;

/// <summary>
/// A station in this process the way the host builds one: an ActorSystem with Core's dispatchers, the ReaderManager
/// over the fleet's PC/SC, optionally the PluginHost with <see cref="BenchLoopPlugin"/>, and a tap on the EventStream
/// that timestamps every fleet event when it is published to subscribers.
/// </summary>
public sealed class BenchStation : IAsyncDisposable
{
    private readonly EventTap _tap;

    private BenchStation(ActorSystem system, IActorRef manager, IActorRef? plugins, EventTap tap)
    {
        System = system;
        Manager = manager;
        Plugins = plugins;
        _tap = tap;
    }

    public ActorSystem System { get; }

    public IActorRef Manager { get; }

    public IActorRef? Plugins { get; }

    public static BenchStation Start(IBenchFleet fleet, bool withPlugins, string? dispatcherId = null)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        var level = Environment.GetEnvironmentVariable("SCF_BENCH_EVENTS") == "1" ? "DEBUG" : "WARNING";
        var config = ConfigurationFactory.ParseString($"akka.loglevel = {level}\nakka.stdout-loglevel = {level}\nakka.actor.debug.unhandled = on")
            .WithFallback(CoreConfig.Dispatchers);
        var system = ActorSystem.Create("bench", config);
        var tap = new EventTap();
        var tapActor = system.ActorOf(Props.Create(() => new EventTapActor(tap)), "tap");
        system.EventStream.Subscribe(tapActor, typeof(IFleetEvent));
        var settings = new StationSettings
        {
            Reader = new ReaderSettings
            {
                DispatcherId = dispatcherId ?? (fleet.IsReal ? CoreConfig.CardIoDispatcherId : CoreConfig.SharedCardIoDispatcherId),
            },
        };
        var manager = system.ActorOf(ReaderManager.Props(fleet.Api, settings), "readers");
        IActorRef? plugins = null;
        if (withPlugins)
        {
            var hostSettings = new PluginHostSettings { WatchPluginDirectory = false, PluginDirectory = "in-process" };
            var logs = Environment.GetEnvironmentVariable("SCF_BENCH_EVENTS") == "1"
                ? LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Debug))
                : NullLoggerFactory.Instance;
            plugins = system.ActorOf(PluginHost.Props(manager, hostSettings, new InProcessPluginCatalog(), logs), "plugins");
        }

        return new BenchStation(system, manager, plugins, tap);
    }

    /// <summary>Completes with the publication timestamp (Stopwatch ticks) of the first matching event from now on.</summary>
    public Task<(T Event, long Timestamp)> NextEvent<T>(Func<T, bool> match)
        where T : IFleetEvent => _tap.Next(match);

    /// <summary>Waits until every reader of the fleet answers a status query (its actor has run PreStart).</summary>
    public Task WaitUntilReadyAsync(int readers, TimeSpan timeout) =>
        ReaderListWait.UntilAsync(Manager, list => list.Readers.Count >= readers,
            list => $"only {list.Readers.Count} of {readers} readers answered within {timeout}", timeout, TimeSpan.FromMilliseconds(10));

    public async ValueTask DisposeAsync() => await System.Terminate();

    private sealed class EventTapActor : ReceiveActor
    {
        private static readonly bool Trace = Environment.GetEnvironmentVariable("SCF_BENCH_EVENTS") == "1";

        public EventTapActor(EventTap tap) => Receive<IFleetEvent>(e =>
        {
            tap.Publish(e, Stopwatch.GetTimestamp());
            if (Trace)
            {
                Console.Error.WriteLine($"event: {e}");
            }
        });
    }
}
