using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using Microsoft.Extensions.Logging.Abstractions;
using SmartCardFleet.Core.Configuration;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Messaging;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Enrollment.Hosting;
using SmartCardFleet.Enrollment.Jobs;
using SmartCardFleet.Storage;
using SmartCardFleet.VirtualCards.Simulation;

namespace SmartCardFleet.Enrollment.Tests.Support;

/// <summary>
/// One run of a station in its own ActorSystem: the reader manager on a simulated PC/SC, the plugin host with the built
/// NDEF plugin, and the job manager with its journal in <see cref="StorageSettings"/>. A crash is <see cref="CrashAsync"/>:
/// the jobs stop where they are (nothing more reaches the journal), then the ActorSystem is terminated; the next run on
/// the same database is a restarted station.
/// </summary>
internal sealed class StationRun : IAsyncDisposable
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private StationRun(ActorSystem system, SimulatedPcsc pcsc, IActorRef readers, IActorRef plugins, IActorRef jobs, TestProbe events)
    {
        System = system;
        Pcsc = pcsc;
        Readers = readers;
        Plugins = plugins;
        Jobs = jobs;
        Events = events;
    }

    public ActorSystem System { get; }

    public SimulatedPcsc Pcsc { get; }

    public IActorRef Readers { get; }

    public IActorRef Plugins { get; }

    public IActorRef Jobs { get; }

    /// <summary>Subscribed to every job event before the job manager starts.</summary>
    public TestProbe Events { get; }

    public static StationRun Start(TestKitBase kit, StorageSettings storage, string pluginDirectory, Action<EnrollmentOptions>? configure = null)
    {
        var config = ConfigurationFactory.ParseString("akka.loglevel = INFO")
            .WithFallback(EnrollmentConfig.For(storage))
            .WithFallback(FleetSerialization.Config)
            .WithFallback(CoreConfig.Dispatchers);
        var system = ActorSystem.Create("station", config);
        var pcsc = new SimulatedPcsc();
        var events = kit.CreateTestProbe(system, "job-events");
        system.EventStream.Subscribe(events.Ref, typeof(IJobEvent));
        var readers = system.ActorOf(ReaderManager.Props(pcsc, new StationSettings { PollInterval = TimeSpan.FromMilliseconds(100) }), "readers");
        var plugins = system.ActorOf(PluginHost.Props(readers, new PluginHostSettings
        {
            PluginDirectory = pluginDirectory,
            WatchPluginDirectory = false,
            OperationTimeout = TimeSpan.FromSeconds(5),
        }, NullLoggerFactory.Instance), "plugins");
        var options = new EnrollmentOptions
        {
            Storage = storage,
            Station = "kiosk",
            OperationTimeout = TimeSpan.FromSeconds(5),
            OperationMargin = TimeSpan.FromSeconds(2),
            StorageRetryMin = TimeSpan.FromMilliseconds(200),
            StorageRetryMax = TimeSpan.FromSeconds(1),
        };
        configure?.Invoke(options);
        var jobs = EnrollmentJobs.Start(system, readers, plugins, options);
        return new StationRun(system, pcsc, readers, plugins, jobs, events);
    }

    public async Task<T> AskAsync<T>(object command) => Assert.IsType<T>(await Jobs.Ask<object>(command, Wait));

    public Task<JobView> CreateAsync(JobDefinition definition) => AskAsync<JobView>(new CreateJob(definition, "alice"));

    public Task<JobView> GetAsync(string jobId, RowState? state = null) => AskAsync<JobView>(new GetJob(jobId, RowState: state));

    public JobRowEnded ExpectRowEnded(string rowId, RowState state) =>
        Events.FishForMessage<JobRowEnded>(e => e.RowId == rowId && e.State == state, Wait, $"row {rowId} ending {state}");

    public JobProgressed ExpectProgress(Func<JobSummary, bool> match, string hint) =>
        Events.FishForMessage<JobProgressed>(e => match(e.Summary), Wait, hint);

    /// <summary>A write-ndef-uri job of <paramref name="uris"/>, rows "r1", "r2"... in that order.</summary>
    public static JobDefinition UriJob(int maxAttempts, params string[] uris) =>
        new("badges", "org.smartcardfleet.ndef", "write-ndef-uri", ReaderSelection.All,
            [.. uris.Select((uri, i) => new JobRow($"r{i + 1}", new JsonObject { ["uri"] = uri }))], new RetryPolicy(maxAttempts));

    /// <summary>The station dies with whatever is in flight: the jobs stop at once (what they had not written is lost,
    /// as in a kill -9), then the held card is let go and the ActorSystem ends.</summary>
    public async Task CrashAsync(params (CountingTag Card, ManualResetEventSlim Gate)[] heldCards)
    {
        await Jobs.GracefulStop(Wait);
        foreach (var (card, gate) in heldCards)
        {
            card.CutOff = true;
            gate.Set();
        }

        await System.Terminate().WaitAsync(Wait);
    }

    public async ValueTask DisposeAsync()
    {
        if (!System.WhenTerminated.IsCompleted)
        {
            await System.Terminate().WaitAsync(Wait);
        }
    }
}
