using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartCardFleet.Host.Configuration;
using SmartCardFleet.Host.Station;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Station;

/// <summary>Issue 10, defect 4 and "silent acceptance": an enum key takes exactly one known name (flags: a list of
/// names), checked on the raw configuration text because the binder would combine a list; unknown keys are warned about.</summary>
public sealed class StrictConfigurationTests
{
    [Theory]
    [InlineData("Station:Readers:ShareMode", "Shared, Exclusive", "Exclusive, Shared, Direct")]
    [InlineData("Station:Readers:ShareMode", "2", "Exclusive, Shared, Direct")]
    [InlineData("Station:Readers:DetachDisposition", "Reset,Unpower", "Leave, Reset, Unpower, Eject")]
    [InlineData("Station:Readers:Protocols", "T0, +2", "T0")]
    [InlineData("Station:Readers:Protocols", "3", "T0")]
    [InlineData("Station:Readers:PerReader:0:ShareMode", "Shared,Exclusive", "Exclusive, Shared, Direct")]
    public void An_enum_key_with_a_list_or_a_number_stops_the_start_naming_the_key_and_the_names(string key, string value, string names)
    {
        var overrides = new Dictionary<string, string?> { [key] = value, ["Station:Readers:PerReader:0:Match"] = "*" };

        var error = Assert.Throws<StationStartException>(() => StationHost.Build(Launch(overrides)));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Contains(names, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Station:Readers:Protocols", "T15")]
    [InlineData("Station:Readers:PerReader:0:Protocols", "T1, T15")]
    public async Task T15_is_not_a_protocol_readers_may_be_configured_to_attach_with(string key, string value)
    {
        var app = StationHost.Build(Launch(new Dictionary<string, string?> { [key] = value, ["Station:Readers:PerReader:0:Match"] = "*" }));
        await using var _ = app;

        var error = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Contains("T15", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_name_per_key_and_a_flags_list_start_fine()
    {
        var app = StationHost.Build(Launch(new Dictionary<string, string?>
        {
            ["Station:Readers:ShareMode"] = "exclusive",
            ["Station:Readers:Protocols"] = "T0, t1",
            ["Station:Readers:PerReader:0:Match"] = "*",
            ["Station:Readers:PerReader:0:ShareMode"] = "Shared",
        }));
        await using var _ = app;

        await app.StartAsync();
        await app.StopAsync();
    }

    [Fact]
    public async Task Unknown_keys_under_the_station_sections_are_warned_about_by_name()
    {
        var app = StationHost.Build(Launch(new Dictionary<string, string?>
        {
            ["Station:OperationTimout"] = "00:00:03",
            ["Station:Readers:PerReader:0:Match"] = "*",
            ["Station:Readers:PerReader:0:ShareMod"] = "Shared",
            ["Station:Plugins:AtrOverrides:0:Atr"] = "3B00",
            ["Station:Plugins:AtrOverrides:0:Plugin"] = "demo",
            ["Station:Plugins:AtrOverrides:0:Plugn"] = "demo",
            ["Http:ApiTokn"] = "x",
            ["Logging:Whatever"] = "not ours",
        }));
        await using var _ = app;
        var lines = new ConcurrentQueue<string>();
        app.Services.GetRequiredService<ILoggerFactory>().AddProvider(new CapturingLoggerProvider(lines));

        await app.StartAsync();
        await app.StopAsync();

        var warnings = lines.Where(l => l.Contains(" Warning ", StringComparison.Ordinal)).ToList();
        foreach (var key in new[] { "Station:OperationTimout", "Station:Readers:PerReader:0:ShareMod", "Station:Plugins:AtrOverrides:0:Plugn", "Http:ApiTokn" })
        {
            Assert.Single(warnings, l => l.Contains(key, StringComparison.Ordinal));
        }

        Assert.DoesNotContain(warnings, l => l.Contains("Logging:", StringComparison.Ordinal)
            || l.Contains("Station:Simulation:ChurnInterval", StringComparison.Ordinal) || l.Contains("ConfigDirectory", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fleet_run_with_a_share_mode_list_from_the_environment_exits_2_naming_the_key()
    {
        var (exit, _, stderr) = await FleetProcess.RunAsync(
            new Dictionary<string, string> { ["FLEET_Station__Readers__ShareMode"] = "Shared, Exclusive" },
            "run", "--simulate", "1", "--urls", "http://127.0.0.1:0");

        Assert.Equal(2, exit);
        Assert.Contains("Station:Readers:ShareMode", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shipped_configuration_file_has_no_unknown_keys_and_no_bad_enum_values()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepositoryPaths.Root, "config", "appsettings.json"), optional: false).Build();

        var findings = StationConfigurationCheck.Inspect(configuration);

        Assert.Empty(findings.UnknownKeys);
        Assert.Empty(findings.EnumProblems);
    }

    private static StationLaunch Launch(Dictionary<string, string?> overrides)
    {
        overrides["Station:Simulation:ChurnInterval"] = "00:00:00";
        overrides["Station:Plugins:Directory"] = StationUnderTest.EmptyPluginDirectory;
        return new StationLaunch { SimulateReaders = 1, Urls = ["http://127.0.0.1:0"], Overrides = overrides };
    }
}
