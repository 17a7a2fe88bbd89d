using System.Text.Json.Nodes;
using Akka.Actor;
using Microsoft.Extensions.Logging;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Tests.Support;
using SmartCardFleet.VirtualCards.Cards;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using Xunit.Abstractions;

namespace SmartCardFleet.Core.Tests.Plugins.Support;

/// <summary>
/// Base for end-to-end plugin host specs: the simulated PC/SC, a ReaderManager with its reader actors, and a
/// PluginHost loading plugins from a throw-away directory of built plugin folders, with every log line captured.
/// </summary>
public abstract class PluginHostSpec : FleetSpec
{
    private readonly ILoggerFactory _loggerFactory;
    private readonly ITestOutputHelper _output;

    protected PluginHostSpec(ITestOutputHelper output)
        : base(output)
    {
        _output = output;
        _loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
    }

    protected TestPluginDirectory Plugins { get; } = new();

    protected CapturingLoggerProvider Logs { get; } = new();

    protected IActorRef Manager { get; set; } = ActorRefs.Nobody;

    protected IActorRef Host { get; private set; } = ActorRefs.Nobody;

    /// <summary>Timings shrunk for tests; the shapes are production's.</summary>
    protected PluginHostSettings HostSettings { get; set; } = new()
    {
        OperationTimeout = TimeSpan.FromSeconds(2),
        IdentificationTimeout = TimeSpan.FromSeconds(5),
        TransactionLeaseMargin = TimeSpan.FromSeconds(1),
        ReaderRequestTimeout = TimeSpan.FromSeconds(5),
        QuarantineAfterFailures = 3,
        ReloadDebounce = TimeSpan.FromMilliseconds(300),
    };

    /// <summary>Starts the station's manager and the plugin host on <see cref="Plugins"/>.</summary>
    protected void StartStation()
    {
        Manager = StartManager();
        StartHost(Manager);
    }

    /// <summary>Starts the plugin host on <see cref="Plugins"/>, talking to <paramref name="manager"/> (the station's
    /// manager, or a stand-in in front of it).</summary>
    protected void StartHost(IActorRef manager) =>
        Host = Sys.ActorOf(PluginHost.Props(manager, HostSettings with { PluginDirectory = Plugins.Path }, _loggerFactory), "plugins");

    /// <summary>Inserts the card in a new reader and waits until a plugin identified it.</summary>
    protected (ReaderId Reader, CardIdentified Identified) InsertIdentified(string readerName, IVirtualCard card)
    {
        Pcsc.AddReader(readerName).Insert(card);
        var id = ReaderId.FromReaderName(readerName);
        return (id, ExpectEvent<CardIdentified>(e => e.ReaderId == id));
    }

    /// <summary>Id of the Faulty fixture plugin (tests/Fixtures/TestPlugins/Faulty).</summary>
    protected const string Faulty = "org.smartcardfleet.test.faulty";

    /// <summary>Installs Uid and the Faulty fixture, starts the station and inserts a storage card, which Faulty wins.</summary>
    protected (ReaderId Reader, CardAttached Attached) StartWithFaultyCard(StorageCard? card = null)
    {
        Plugins.InstallShipped("Uid").InstallFixtures("Faulty");
        StartStation();
        Pcsc.AddReader("Reader Faulty 00").Insert(card ?? new StorageCard());
        var reader = ReaderId.FromReaderName("Reader Faulty 00");
        var attached = ExpectEvent<CardAttached>(e => e.ReaderId == reader);
        Assert.Equal(Faulty, ExpectEvent<CardIdentified>(e => e.ReaderId == reader).PluginId);
        return (reader, attached);
    }

    protected object Run(ReaderId reader, string operation, JsonObject? arguments = null)
    {
        Host.Tell(new RunOperation(reader, operation, arguments), TestActor);
        return ExpectMsg<object>(m => m is OperationCompleted or OperationFailed, Wait);
    }

    protected JsonNode Completed(ReaderId reader, string operation, JsonObject? arguments = null)
    {
        var reply = Run(reader, operation, arguments);
        var completed = Assert.IsType<OperationCompleted>(reply);
        Assert.NotNull(completed.Result);
        return completed.Result!;
    }

    protected OperationFailed Failed(ReaderId reader, string operation, JsonObject? arguments = null) =>
        Assert.IsType<OperationFailed>(Run(reader, operation, arguments));

    protected override void AfterAll()
    {
        base.AfterAll();
        // The host's own log lines, for diagnosing a failed spec.
        foreach (var entry in Logs.Entries)
        {
            _output.WriteLine($"{entry.Level} {entry.Category}: {entry.Message}");
        }

        _loggerFactory.Dispose();
        Plugins.Dispose();
    }
}
