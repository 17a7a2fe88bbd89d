using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using SmartCardFleet.Host.Station;

namespace SmartCardFleet.Integration.Tests.Host;

/// <summary>The real station WebApplication on the native PC/SC, on 127.0.0.1 with a free port and no plugins (plugin
/// identification would take each card's transaction at insertion), with an HttpClient pointed at it.</summary>
internal sealed class RunningStation : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);
    private readonly string _pluginDirectory;

    private RunningStation(WebApplication app, string pluginDirectory)
    {
        App = app;
        _pluginDirectory = pluginDirectory;
        var address = app.Urls.First().Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal);
        Http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
    }

    public WebApplication App { get; }

    public HttpClient Http { get; }

    public static async Task<RunningStation> StartAsync()
    {
        var plugins = Directory.CreateTempSubdirectory("scf-realfleet-no-plugins-").FullName;
        var app = StationHost.Build(new StationLaunch
        {
            Urls = ["http://127.0.0.1:0"],
            Overrides = new Dictionary<string, string?>
            {
                ["Station:Simulate"] = "false",
                ["Station:Plugins:Directory"] = plugins,
                ["Storage:DataDirectory"] = Directory.CreateTempSubdirectory("scf-realfleet-data-").FullName,
                ["Logging:LogLevel:Default"] = "Warning",
            },
        });
        await app.StartAsync();
        return new RunningStation(app, plugins);
    }

    public async Task<JsonNode> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        return await ReadOkAsync(response, $"GET {path}");
    }

    public async Task<JsonNode> PostJsonAsync(string path, object body)
    {
        using var response = await Http.PostAsJsonAsync(path, body);
        return await ReadOkAsync(response, $"POST {path}");
    }

    /// <summary>Polls the reader until its state is <paramref name="state"/> (the card reaches pcscd within about 0.5 s).</summary>
    public async Task WaitForStateAsync(string reader, string state)
    {
        var clock = Stopwatch.StartNew();
        var last = "";
        while (clock.Elapsed < Deadline)
        {
            last = (string?)(await GetJsonAsync($"/api/readers/{reader}"))["state"] ?? "";
            if (last == state)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"{reader} did not reach {state} within {Deadline.TotalSeconds} s (last: {last})");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Directory.Delete(_pluginDirectory, recursive: true);
    }

    private static async Task<JsonNode> ReadOkAsync(HttpResponseMessage response, string what)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{what}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }
}
