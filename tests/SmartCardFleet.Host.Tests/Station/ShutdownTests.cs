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

    [Theory]
    [InlineData("Leave", "9000")]
    [InlineData("Reset", "6982")]
    public async Task At_shutdown_cards_are_detached_with_the_configured_disposition(string disposition, string secretReadAfterStop)
    {
        // The verified PIN is how this test sees the disposition, so the reset-after-verify policy is off here.
        var station = await StationUnderTest.StartAsync(readers: 1, overrides: new Dictionary<string, string?>
        {
            ["Station:Readers:DetachDisposition"] = disposition, ["Station:Readers:ResetAfterVerify"] = "false",
        });
        var card = VirtualCardCatalog.Create(VirtualCardCatalog.FileSystemCard);
        station.Reader(0).Insert(card);
        await station.WaitForStateAsync(0, "Attached");
        // VERIFY PIN 01 ("1234"): the card's security state lives until the card is reset.
        (await station.PostAsync($"/api/readers/{StationUnderTest.ReaderId(0)}/transmit", new { apdu = "002000010431323334" }))
            .EnsureSuccessStatusCode();

        await station.DisposeAsync();

        // Straight to the card, after the station let go: SELECT the application, READ BINARY of the PIN-protected EF (SFI 2).
        card.Process(Convert.FromHexString("00A4040C08F05343464C454554"));
        var answer = card.Process(Convert.FromHexString("00B0820000"));
        Assert.Equal(secretReadAfterStop, Convert.ToHexString(answer[^2..]));
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
