using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartCardFleet.Host.Station;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Station;

/// <summary>Where the API token may come from: environment or a token file; the command line works but is warned about,
/// because every user of the machine can read a process's arguments.</summary>
public sealed class ApiTokenSourceTests
{
    private const string Token = StationUnderTest.TestToken;

    [Fact]
    public async Task A_token_file_with_a_final_newline_guards_the_api_with_the_token_it_holds()
    {
        var file = await WriteTokenFileAsync(Token + "\n");
        await using var station = await StationUnderTest.StartAsync(readers: 1, clientToken: Token,
            overrides: new Dictionary<string, string?> { ["Http:ApiTokenFile"] = file });
        using var anonymous = new HttpClient { BaseAddress = station.BaseAddress };

        Assert.Equal(HttpStatusCode.OK, (await station.Http.GetAsync("/api/readers")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/readers")).StatusCode);
    }

    [Fact]
    public void A_missing_token_file_is_a_start_error_naming_the_key_and_the_path()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"fleet-no-token-{Guid.NewGuid():N}");

        var error = Assert.Throws<StationStartException>(() => StationHost.Build(new StationLaunch
        {
            SimulateReaders = 1,
            Urls = ["http://127.0.0.1:0"],
            Overrides = new Dictionary<string, string?> { ["Http:ApiTokenFile"] = missing },
        }));

        Assert.Contains("Http:ApiTokenFile", error.Message, StringComparison.Ordinal);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_and_a_token_file_together_are_a_start_error()
    {
        var file = await WriteTokenFileAsync(Token);

        var error = Assert.Throws<StationStartException>(() => StationHost.Build(new StationLaunch
        {
            SimulateReaders = 1,
            Urls = ["http://127.0.0.1:0"],
            Overrides = new Dictionary<string, string?> { ["Http:ApiTokenFile"] = file, ["Http:ApiToken"] = Token },
        }));

        Assert.Contains("Http:ApiTokenFile", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_from_the_command_line_is_warned_about_at_start_without_being_printed()
    {
        var lines = await StartAndCaptureAsync(new StationLaunch
        {
            SimulateReaders = 1,
            Urls = ["http://127.0.0.1:0"],
            ConfigArgs = [$"--Http:ApiToken={Token}"],
        });

        Assert.Contains(lines, l => l.Contains("Warning", StringComparison.Ordinal) && l.Contains("command line", StringComparison.Ordinal)
            && l.Contains("FLEET_Http__ApiToken", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_token_from_another_source_is_not_warned_about()
    {
        var lines = await StartAndCaptureAsync(new StationLaunch
        {
            SimulateReaders = 1,
            Urls = ["http://127.0.0.1:0"],
            Overrides = new Dictionary<string, string?> { ["Http:ApiToken"] = Token },
        });

        Assert.DoesNotContain(lines, l => l.Contains("command line", StringComparison.Ordinal));
    }

    private static async Task<string[]> StartAndCaptureAsync(StationLaunch launch)
    {
        var lines = new ConcurrentQueue<string>();
        await using var app = StationHost.Build(launch);
        app.Services.GetRequiredService<ILoggerFactory>().AddProvider(new CapturingLoggerProvider(lines));
        await app.StartAsync();
        await app.StopAsync();
        return [.. lines];
    }

    private static async Task<string> WriteTokenFileAsync(string content)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("fleet-token-").FullName, "token");
        await File.WriteAllTextAsync(file, content);
        return file;
    }
}
