using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SmartCardFleet.Host.Station;
using SmartCardFleet.VirtualCards.Simulation;

namespace SmartCardFleet.Host.Tests.Support;

/// <summary>The real WebApplication of `fleet run --simulate N`, on 127.0.0.1 with a free port, no churn (tests insert
/// cards themselves), and an HttpClient pointed at it.</summary>
public sealed class StationUnderTest : IAsyncDisposable
{
    private StationUnderTest(WebApplication app, Uri baseAddress, string? token, string? ownDataDirectory)
    {
        App = app;
        _ownDataDirectory = ownDataDirectory;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
    }

    /// <summary>An API token long enough for the station's rules, for tests of stations that require one.</summary>
    public const string TestToken = "a-long-enough-test-token-0123456789";

    private readonly string? _ownDataDirectory;

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public SimulatedPcsc Pcsc => App.Services.GetRequiredService<SimulatedPcsc>();

    public static async Task<StationUnderTest> StartAsync(int readers = 8, IReadOnlyDictionary<string, string?>? overrides = null,
        string url = "http://127.0.0.1:0", string? clientToken = null, Action<IServiceCollection>? services = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Station:Simulation:ChurnInterval"] = "00:00:00",
            ["Station:Simulation:FillAtStart"] = "false",
            ["Station:OperationTimeout"] = "00:00:05",
            ["Logging:LogLevel:Default"] = "Warning",
            // Reader API tests run without plugins: identification would take the reader's transaction at every insertion.
            ["Station:Plugins:Directory"] = EmptyPluginDirectory,
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        // Every station its own database (parallel tests must not share one journal or event window), unless the test
        // chose where it is (a restart on the same database).
        string? ownDataDirectory = null;
        if (!settings.ContainsKey("Storage:DataDirectory") && !settings.ContainsKey("Storage:Path") && !settings.ContainsKey("Storage:Provider"))
        {
            ownDataDirectory = Directory.CreateTempSubdirectory("fleet-data-").FullName;
            settings["Storage:DataDirectory"] = ownDataDirectory;
        }

        var app = StationHost.Build(new StationLaunch { SimulateReaders = readers, Urls = [url], Overrides = settings, ConfigureServices = services });
        await app.StartAsync();
        var address = app.Urls.First().Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)
            .Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
        var station = new StationUnderTest(app, new Uri(address), clientToken, ownDataDirectory);
        await station.WaitUntilReadersListedAsync(readers);
        return station;
    }

    /// <summary>The host answers HTTP before the reader manager has listed the simulated readers; a test that asks
    /// for a reader at once would get 404. Waits until all are listed — unless the station cannot list them at all
    /// (PC/SC stopped, a token this client lacks), which is what such a test is about.</summary>
    private async Task WaitUntilReadersListedAsync(int readers) =>
        await Eventually.TrueAsync(async () =>
        {
            using var response = await Http.GetAsync("/api/readers");
            if (!response.IsSuccessStatusCode)
            {
                return true;
            }

            var listed = JsonNode.Parse(await response.Content.ReadAsStringAsync())?["readers"]?.AsArray().Count ?? 0;
            return listed >= readers;
        }, TimeSpan.FromSeconds(10), $"the station to list its {readers} simulated readers");

    public static string EmptyPluginDirectory { get; } = Directory.CreateTempSubdirectory("fleet-no-plugins-").FullName;

    public static string ReaderId(int index) => $"simulated-reader-{index:00}";

    public SimulatedReader Reader(int index) => Pcsc.GetReader($"Simulated Reader {index:00}");

    public async Task<JsonNode> GetJsonAsync(string path) =>
        JsonNode.Parse(await Http.GetStringAsync(path)) ?? throw new InvalidOperationException($"{path} answered null");

    public Task<HttpResponseMessage> PostAsync(string path, object? body) =>
        Http.PostAsJsonAsync(path, body ?? new { });

    /// <summary>Waits until the reader reports <paramref name="state"/> through the API.</summary>
    public Task WaitForStateAsync(int index, string state, TimeSpan? timeout = null) =>
        Eventually.TrueAsync(async () =>
            (await GetJsonAsync($"/api/readers/{ReaderId(index)}"))["state"]?.GetValue<string>() == state,
            timeout ?? TimeSpan.FromSeconds(5), $"{ReaderId(index)} to be {state}");

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        if (_ownDataDirectory is not null)
        {
            try
            {
                Directory.Delete(_ownDataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Left behind in the temporary folder; never fails the test.
            }
        }
    }
}
