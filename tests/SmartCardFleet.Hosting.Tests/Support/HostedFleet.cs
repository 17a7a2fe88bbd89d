using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SmartCardFleet.VirtualCards.Simulation;

namespace SmartCardFleet.Hosting.Tests.Support;

/// <summary>A started Generic Host whose only service is an ActorSystem configured by the test (normally with
/// WithSmartCardFleet), and a TestKit over that system for probes and awaited assertions.</summary>
public sealed class HostedFleet : IAsyncDisposable
{
    public const string ReaderName = "Simulated Reader 00";

    private readonly IHost _host;

    private HostedFleet(IHost host)
    {
        _host = host;
        System = host.Services.GetRequiredService<ActorSystem>();
        Registry = host.Services.GetRequiredService<ActorRegistry>();
        Kit = new Akka.TestKit.Xunit2.TestKit(System);
    }

    public ActorSystem System { get; }

    public ActorRegistry Registry { get; }

    public Akka.TestKit.Xunit2.TestKit Kit { get; }

    /// <summary>A simulated PC/SC service with one empty reader, <see cref="ReaderName"/>.</summary>
    public static SimulatedPcsc OneReader()
    {
        var pcsc = new SimulatedPcsc();
        pcsc.AddReader(ReaderName);
        return pcsc;
    }

    public static Task<HostedFleet> StartAsync(SmartCardFleetOptions options) =>
        StartAsync(akka => akka.WithSmartCardFleet(options));

    public static async Task<HostedFleet> StartAsync(Action<AkkaConfigurationBuilder> configure, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        services?.Invoke(builder.Services);
        builder.Services.AddAkka("hosting-tests", configure);
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

        return new HostedFleet(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        Kit.Dispose();
        _host.Dispose();
    }
}
