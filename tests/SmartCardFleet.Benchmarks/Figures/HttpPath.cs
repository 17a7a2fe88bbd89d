using System.Diagnostics;
using System.Net.Http.Json;
using SmartCardFleet.Benchmarks.Support;
using SmartCardFleet.Core.Fleet;

namespace SmartCardFleet.Benchmarks.Figures;

/// <summary>Figure 1 (d) and (e): the real `fleet` WebApplication in this process over the same PC/SC (its own
/// simulated one in simulated mode, with the same card), asked <c>POST /api/readers/{id}/transmit</c> and
/// <c>/transaction</c> by one keep-alive client.</summary>
public sealed class HttpPath : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly object Body = new { apdu = "FFCA000000" };
    private readonly HostUnderBench _host;
    private readonly KeepAliveHttpClient _client;
    private readonly string _path;
    private readonly byte[] _transmit;
    private readonly byte[] _malformed;
    private readonly byte[] _batch;

    private HttpPath(HostUnderBench host, KeepAliveHttpClient client, string readerId)
    {
        _host = host;
        _client = client;
        _path = $"/api/readers/{readerId}/transmit";
        _transmit = client.JsonPost(_path, """{"apdu":"FFCA000000"}""");
        _malformed = client.JsonPost(_path, """{"apdu":"FFCA00000Z"}""");
        var apdus = string.Join(',', Enumerable.Repeat("\"FFCA000000\"", RoundTripFigure.BatchSize));
        _batch = client.JsonPost($"/api/readers/{readerId}/transaction", $$"""{"apdus":[{{apdus}}]}""");
    }

    /// <param name="settings">Configuration applied last (figure 8 turns the audit journal on and off).</param>
    public static async Task<HttpPath> StartAsync(IBenchFleet fleet, string readerName, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var host = await HostUnderBench.StartAsync(HostUnderBench.Build(fleet.IsReal ? null : 1, settings: settings));
        if (host.SimulatedPcsc is { } simulated)
        {
            readerName = simulated.Readers[0].Name;
            simulated.Readers[0].Insert(BenchCards.NewStorageCard(2));
        }

        var id = ReaderId.FromReaderName(readerName).Value;
        await WaitForAttachedAsync(host, id);
        return new HttpPath(host, await KeepAliveHttpClient.ConnectAsync(host.Address), id);
    }

    /// <summary>The host's services (its audit journal, its storage).</summary>
    public IServiceProvider Services => _host.App.Services;

    /// <summary>POST transmit with <see cref="KeepAliveHttpClient"/>: the host's cost plus a few microseconds.</summary>
    public Task<Latencies> MeasureAsync(int count) => MeasureAsync(count, () => _client.SendAsync(_transmit), IsAnswered);

    /// <summary>The same request with an APDU that fails validation: answered 400 by the endpoint before any actor is
    /// asked, so this is what ASP.NET and JSON cost on their own.</summary>
    public Task<Latencies> MeasureFloorAsync(int count) => MeasureAsync(count, () => _client.SendAsync(_malformed), (status, _) => status == 400);

    /// <summary>The same transmit through .NET's HttpClient (PostAsJsonAsync), as a .NET integration would send it.</summary>
    public Task<Latencies> MeasureHttpClientAsync(int count) => MeasureAsync(count, PostWithHttpClientAsync, IsAnswered);

    /// <summary>POST /transaction with <see cref="RoundTripFigure.BatchSize"/> GET DATA APDUs, one sample per batch
    /// (its time per APDU); <paramref name="apdus"/> is rounded to whole batches, at least one.</summary>
    public async Task<Latencies> MeasureTransactionAsync(int apdus)
    {
        var latencies = new Latencies();
        for (var b = 0; b < RoundTripFigure.Batches(apdus); b++)
        {
            var start = Stopwatch.GetTimestamp();
            var (status, body) = await _client.SendAsync(_batch);
            var elapsed = Stopwatch.GetTimestamp() - start;
            var answered = body.Split("\"9000\"").Length - 1;
            if (status != 200 || answered != RoundTripFigure.BatchSize)
            {
                throw new InvalidOperationException($"HTTP transaction answered {status} with {answered} x 9000: {body[..Math.Min(body.Length, 300)]}");
            }

            latencies.AddTicksPer(elapsed, RoundTripFigure.BatchSize);
        }

        return latencies;
    }

    private static bool IsAnswered(int status, string json) => status == 200 && json.Contains("\"9000\"", StringComparison.Ordinal);

    private async Task<(int Status, string Body)> PostWithHttpClientAsync()
    {
        using var response = await _host.Http.PostAsJsonAsync(_path, Body);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Times <paramref name="count"/> round trips of <paramref name="send"/>, each checked with <paramref name="expected"/>.</summary>
    private static async Task<Latencies> MeasureAsync(int count, Func<Task<(int Status, string Body)>> send, Func<int, string, bool> expected)
    {
        var latencies = new Latencies();
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var (status, body) = await send();
            var elapsed = Stopwatch.GetTimestamp() - start;
            if (!expected(status, body))
            {
                throw new InvalidOperationException($"HTTP transmit answered {status}: {body}");
            }

            latencies.AddTicks(elapsed);
        }

        return latencies;
    }

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        await _host.DisposeAsync();
    }

    private static async Task WaitForAttachedAsync(HostUnderBench host, string id)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await host.Http.GetAsync($"/api/readers/{id}");
            if (response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync()).Contains("\"Attached\"", StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"reader {id} was not attached by the host within {Wait}");
    }
}
