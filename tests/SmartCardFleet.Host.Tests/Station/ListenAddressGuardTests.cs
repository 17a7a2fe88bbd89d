using System.Net;
using Microsoft.AspNetCore.Builder;
using SmartCardFleet.Host.Cli;
using SmartCardFleet.Host.Station;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Station;

/// <summary>"No token, no binding off loopback" holds for every way Kestrel can be told to listen, because it is decided
/// from the addresses Kestrel actually bound, not from Http:Urls alone (issue 10, defect 1).</summary>
public sealed class ListenAddressGuardTests
{
    private const string Token = StationUnderTest.TestToken;

    [Fact]
    public async Task A_Kestrel_endpoint_on_all_interfaces_from_the_command_line_is_refused_without_a_token()
    {
        var error = await StartFailureAsync(new StationLaunch
        {
            SimulateReaders = 1,
            Urls = ["http://127.0.0.1:0"],
            ConfigArgs = ["--Kestrel:Endpoints:E1:Url=http://0.0.0.0:0"],
        });

        Assert.IsType<StationStartException>(error);
        Assert.Contains("Http:ApiToken", error.Message, StringComparison.Ordinal);
        Assert.Contains("0.0.0.0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Kestrel_endpoint_on_all_interfaces_from_the_configuration_file_is_refused_without_a_token()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("fleet-kestrel-").FullName, "fleet.json");
        await File.WriteAllTextAsync(file, """{ "Kestrel": { "Endpoints": { "Lan": { "Url": "http://[::]:0" } } } }""");

        var error = await StartFailureAsync(new StationLaunch { ConfigPath = file, SimulateReaders = 1, Urls = ["http://127.0.0.1:0"] });

        Assert.IsType<StationStartException>(error);
        Assert.Contains("Http:ApiToken", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_semicolon_list_in_urls_cannot_hide_an_address_on_all_interfaces()
    {
        var error = await StartFailureAsync(new StationLaunch { SimulateReaders = 1, Urls = ["http://127.0.0.1:0/;http://0.0.0.0:0"] });

        Assert.Contains("Http:ApiToken", error.Message, StringComparison.Ordinal);
        Assert.Contains("http://0.0.0.0:0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Kestrel_endpoint_from_FLEET_environment_variables_stops_fleet_run_with_exit_code_2()
    {
        var (exitCode, _, stderr) = await FleetProcess.RunAsync(
            new Dictionary<string, string> { ["FLEET_Kestrel__Endpoints__E1__Url"] = "http://0.0.0.0:0" },
            "run", "--simulate", "1", "--urls", "http://127.0.0.1:0");

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains("fleet: cannot start:", stderr, StringComparison.Ordinal);
        Assert.Contains("Http:ApiToken", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_token_a_Kestrel_endpoint_on_all_interfaces_starts_and_requires_the_token()
    {
        await using var app = StationHost.Build(new StationLaunch
        {
            SimulateReaders = 1,
            Urls = ["http://127.0.0.1:0"],
            ConfigArgs = ["--Kestrel:Endpoints:E1:Url=http://0.0.0.0:0"],
            Overrides = new Dictionary<string, string?> { ["Http:ApiToken"] = Token, ["Logging:LogLevel:Default"] = "Warning" },
        });
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single().Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)) };

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/readers")).StatusCode);
        await app.StopAsync();
    }

    private static async Task<Exception> StartFailureAsync(StationLaunch launch)
    {
        launch = launch with { Overrides = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" } };
        try
        {
            await using var app = StationHost.Build(launch);
            await app.StartAsync();
            await app.StopAsync();
        }
#pragma warning disable CA1031 // the test asserts on whatever stopped the start
        catch (Exception e)
#pragma warning restore CA1031
        {
            return e;
        }

        Assert.Fail("the station started although it binds an address off loopback without a token");
        return null!;
    }
}
