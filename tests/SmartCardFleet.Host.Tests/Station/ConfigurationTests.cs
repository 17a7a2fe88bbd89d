using Microsoft.Extensions.Options;
using SmartCardFleet.Host.Station;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Station;

public sealed class ConfigurationTests
{
    [Fact]
    public async Task An_invalid_setting_fails_the_start_with_a_message_naming_the_key()
    {
        var app = StationHost.Build(new StationLaunch
        {
            SimulateReaders = 1,
            Urls = ["http://127.0.0.1:0"],
            Overrides = new Dictionary<string, string?>
            {
                ["Station:OperationTimeout"] = "00:00:00",
                ["Station:Plugins:AtrOverrides:0:Atr"] = "3B8",
                ["Station:Plugins:AtrOverrides:0:Plugin"] = "demo",
            },
        });
        await using var _ = app;

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Station:OperationTimeout", error.Message, StringComparison.Ordinal);
        Assert.Contains("Station:Plugins:AtrOverrides:0:Atr", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_enum_name_fails_the_start_naming_the_key()
    {
        var error = Assert.Throws<StationStartException>(() => StationHost.Build(new StationLaunch
        {
            SimulateReaders = 1,
            Urls = ["http://127.0.0.1:0"],
            Overrides = new Dictionary<string, string?> { ["Station:Readers:ShareMode"] = "Sharde" },
        }));

        Assert.Contains("Station:Readers:ShareMode", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_config_file_named_with_config_is_a_start_error()
    {
        var error = Assert.Throws<StationStartException>(() =>
            StationHost.Build(new StationLaunch { ConfigPath = "/nonexistent/fleet.json", SimulateReaders = 1 }));

        Assert.Contains("/nonexistent/fleet.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Per_reader_rules_turn_auto_attach_off_for_matching_readers()
    {
        await using var station = await StationUnderTest.StartAsync(readers: 2, overrides: new Dictionary<string, string?>
        {
            ["Station:Readers:PerReader:0:Match"] = "*01",
            ["Station:Readers:PerReader:0:AutoAttach"] = "false",
        });

        await Eventually.TrueAsync(async () =>
            !(await station.GetJsonAsync($"/api/readers/{StationUnderTest.ReaderId(1)}"))["autoAttach"]!.GetValue<bool>(),
            TimeSpan.FromSeconds(5), "reader 01 to have auto-attach off");
        station.Reader(1).Insert(SmartCardFleet.Host.Simulation.VirtualCardCatalog.Create("iso7816-fs"));
        await station.WaitForStateAsync(1, "CardPresent");
        Assert.True((await station.GetJsonAsync($"/api/readers/{StationUnderTest.ReaderId(0)}"))["autoAttach"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Per_reader_rules_give_matching_readers_their_own_share_mode_and_protocols()
    {
        await using var station = await StationUnderTest.StartAsync(readers: 2, overrides: new Dictionary<string, string?>
        {
            ["Station:Readers:ShareMode"] = "Shared",
            ["Station:Readers:PerReader:0:Match"] = "*01",
            ["Station:Readers:PerReader:0:ShareMode"] = "Exclusive",
            ["Station:Readers:PerReader:0:Protocols"] = "T1",
        });

        station.Reader(0).Insert(SmartCardFleet.Host.Simulation.VirtualCardCatalog.Create("iso7816-fs"));
        station.Reader(1).Insert(SmartCardFleet.Host.Simulation.VirtualCardCatalog.Create("iso7816-fs"));
        await station.WaitForStateAsync(0, "Attached");
        await station.WaitForStateAsync(1, "Attached");

        Assert.Equal("Shared", (await station.GetJsonAsync($"/api/readers/{StationUnderTest.ReaderId(0)}"))["shareMode"]!.GetValue<string>());
        var exclusive = await station.GetJsonAsync($"/api/readers/{StationUnderTest.ReaderId(1)}");
        Assert.Equal("Exclusive", exclusive["shareMode"]!.GetValue<string>());
        Assert.Equal("T1", exclusive["protocol"]!.GetValue<string>());
    }
}
