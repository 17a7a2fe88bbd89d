using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SmartCardFleet.Host.Simulation;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Station;

public sealed class ShutdownTests
{
    [Fact]
    public async Task Stopping_the_host_detaches_every_card_and_releases_every_pcsc_context()
    {
        var station = await StationUnderTest.StartAsync(readers: 4);
        var pcsc = station.Pcsc;
        for (var i = 0; i < 4; i++)
        {
            station.Reader(i).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.FileSystemCard));
        }

        for (var i = 0; i < 4; i++)
        {
            await station.WaitForStateAsync(i, "Attached");
        }

        Assert.Equal(4, pcsc.OpenCardHandleCount);

        await station.DisposeAsync();

        Assert.Equal(0, pcsc.OpenCardHandleCount);
        Assert.Equal(0, pcsc.OpenContextCount);
    }

    [Fact]
    public async Task The_web_server_stops_before_the_actor_system()
    {
        await using var station = await StationUnderTest.StartAsync(readers: 1);

        var names = station.App.Services.GetServices<IHostedService>().Select(s => s.GetType().Name).ToList();

        // Hosted services stop in reverse registration order: the web server must be registered after Akka.
        Assert.True(names.IndexOf("GenericWebHostService") > names.IndexOf("AkkaHostedService"), string.Join(", ", names));
    }
}
