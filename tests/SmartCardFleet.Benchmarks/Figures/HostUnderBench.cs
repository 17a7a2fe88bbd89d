using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SmartCardFleet.Benchmarks.Support;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Host.Events;
using SmartCardFleet.Host.Station;
using SmartCardFleet.VirtualCards.Simulation;

namespace SmartCardFleet.Benchmarks.Figures;

/// <summary>The real WebApplication of <c>fleet run</c> in this process, on a free loopback port, with the simulated
/// churn off (the figures drive cards themselves) and logs at Warning so console output is not what is measured.</summary>
public sealed class HostUnderBench : IAsyncDisposable
{
    private static readonly Lazy<string> EmptyPluginDirectory =
        new(() => Directory.CreateTempSubdirectory("smartcardfleet-bench-no-plugins-").FullName);

    private HostUnderBench(WebApplication app, Uri address)
    {
        App = app;
        Address = address;
        Http = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    /// <summary>Keep-alive client (SocketsHttpHandler pools and reuses the connection).</summary>
    public HttpClient Http { get; }

    public SimulatedPcsc? SimulatedPcsc => App.Services.GetService<SimulatedPcsc>();

    public FleetEventJournal Journal => App.Services.GetRequiredService<FleetEventJournal>();

    public IActorRef Manager => App.Services.GetRequiredService<ActorRegistry>().Get<ReaderManager>();

    /// <summary>Builds the host; <paramref name="simulatedReaders"/> null = the machine's PC/SC. Not started yet.
    /// <paramref name="pluginDirectory"/> null = no card plugins; <paramref name="settings"/> are applied last.</summary>
    public static WebApplication Build(int? simulatedReaders, string? pluginDirectory = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["Station:Simulation:ChurnInterval"] = "00:00:00",
            ["Station:Simulation:FillAtStart"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Akka"] = "Error",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
            ["Logging:LogLevel:SmartCardFleet.Host.Apdu"] = "Warning",
            // No card plugins by default: figure 4 measures the reader actors' event pipeline, and 1 (d) the APDU endpoint.
            ["Station:Plugins:Directory"] = pluginDirectory ?? EmptyPluginDirectory.Value,
            // Each host its own database: two hosts of one figure must not share a journal or an event window.
            ["Storage:DataDirectory"] = Directory.CreateTempSubdirectory("smartcardfleet-bench-data-").FullName,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }

        return StationHost.Build(new StationLaunch { SimulateReaders = simulatedReaders, Urls = ["http://127.0.0.1:0"], Overrides = overrides });
    }

    public static async Task<HostUnderBench> StartAsync(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        await app.StartAsync();
        var address = app.Urls.First();
        return new HostUnderBench(app, new Uri(address));
    }

    /// <summary>Waits until every one of <paramref name="readers"/> reader actors answers a status query.</summary>
    public Task WaitUntilReadyAsync(int readers, TimeSpan timeout) =>
        ReaderListWait.UntilAsync(Manager, list => list.Readers.Count >= readers,
            list => $"only {list.Readers.Count} of {readers} readers ready within {timeout}", timeout, TimeSpan.FromMilliseconds(5));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
