using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Event;
using Akka.TestKit;
using Microsoft.Extensions.Logging;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Integration.Tests.Actors.Support;
using SmartCardFleet.Integration.Tests.RealFleet;
using SmartCardFleet.Integration.Tests.Support;
using Xunit.Abstractions;

namespace SmartCardFleet.Integration.Tests.Plugins.Support;

/// <summary>
/// A station on the real fleet with its PluginHost loading built plugins from a throw-away directory. Every log line
/// is kept: the host's ILogger output and Akka's own log events (at DEBUG), so tests can prove a PIN never shows.
/// </summary>
public abstract class PluginStationSpec : StationSpec
{
    private readonly ILoggerFactory _loggerFactory;

    protected PluginStationSpec(RealFleetFixture fixture, ITestOutputHelper output)
        : base(fixture, output, akkaLogLevel: "DEBUG")
    {
        _loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(Logs).SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Trace));
        AkkaLogs = CreateTestProbe("akka-logs");
        Sys.EventStream.Subscribe(AkkaLogs.Ref, typeof(LogEvent));
    }

    private protected PluginFolder Plugins { get; } = new();

    private protected CapturingLoggerProvider Logs { get; } = new();

    protected TestProbe AkkaLogs { get; }

    protected IActorRef Manager { get; private set; } = ActorRefs.Nobody;

    protected IActorRef Host { get; private set; } = ActorRefs.Nobody;

    /// <summary>Installs the named shipped plugins, then starts the manager and the plugin host.</summary>
    protected void StartPluginStation(params string[] shippedPlugins)
    {
        foreach (var name in shippedPlugins)
        {
            Plugins.Install(PluginFolder.Shipped(name));
        }

        Manager = StartStation();
        Host = Sys.ActorOf(PluginHost.Props(Manager, HostSettings with { PluginDirectory = Plugins.Path }, _loggerFactory), "plugins");
    }

    /// <summary>The plugin host's settings (a test class may shrink its timings further).</summary>
    protected virtual PluginHostSettings HostSettings => new()
    {
        OperationTimeout = TimeSpan.FromSeconds(10),
        IdentificationTimeout = TimeSpan.FromSeconds(10),
        ReaderRequestTimeout = TimeSpan.FromSeconds(10),
        ReloadDebounce = TimeSpan.FromMilliseconds(300),
    };

    protected object Run(ReaderId reader, string operation, JsonObject? arguments = null)
    {
        var probe = CreateTestProbe();
        Host.Tell(new RunOperation(reader, operation, arguments), probe.Ref);
        return probe.ExpectMsg<object>(m => m is OperationCompleted or OperationFailed, Wait);
    }

    protected OperationCompleted Completed(ReaderId reader, string operation, JsonObject? arguments = null)
    {
        var reply = Run(reader, operation, arguments);
        return reply as OperationCompleted ?? throw new Xunit.Sdk.XunitException($"{operation} on {reader} failed: {reply}");
    }

    /// <summary>Every Akka log event published so far (drains the probe). Log events reach the EventStream on the
    /// thread that logs, so everything logged before the reply the test already holds is queued before the marker this
    /// publishes now: draining up to the marker misses nothing, where a quiet period of fixed length only hoped so.</summary>
    protected IReadOnlyList<string> DrainAkkaLogs()
    {
        var marker = new Info(nameof(PluginStationSpec), GetType(), $"drain-{Guid.NewGuid():N}");
        Sys.EventStream.Publish(marker);
        var lines = new List<string>();
        AkkaLogs.FishForMessage<LogEvent>(e =>
        {
            if (ReferenceEquals(e, marker))
            {
                return true;
            }

            lines.Add(e.ToString());
            return false;
        }, Wait, "the drain marker behind every earlier log event");
        return lines;
    }

    protected override void AfterAll()
    {
        base.AfterAll();
        _loggerFactory.Dispose();
        Plugins.Dispose();
    }
}
