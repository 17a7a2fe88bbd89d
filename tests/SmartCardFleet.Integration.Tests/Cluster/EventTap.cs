using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace SmartCardFleet.Integration.Tests.Cluster;

/// <summary>A subscriber of one node's GET /api/events: keeps every event record (the JSON of each "data:" line) it
/// receives, so a test can wait for an event of a given station and reader.</summary>
internal sealed class EventTap : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<JsonNode> _events = new();
    private readonly Task _loop;

    public EventTap(Uri address)
    {
        _http = new HttpClient { BaseAddress = address, Timeout = Timeout.InfiniteTimeSpan };
        _loop = Task.Run(ReadAsync);
    }

    /// <summary>Completes when the stream's headers arrived: events published from then on reach this tap.</summary>
    public Task Connected => _connected.Task;

    public IReadOnlyCollection<JsonNode> Events => _events;

    /// <summary>Waits for a received event that matches; returns it.</summary>
    public Task<JsonNode> WaitForAsync(string what, TimeSpan deadline, Func<JsonNode, bool> match) =>
        Poll.UntilAsync(what, deadline, () => Task.FromResult(_events.FirstOrDefault(match)), e => e is not null,
            _ => $"{_events.Count} events, the last ones: {string.Join(" | ", _events.TakeLast(6).Select(e => e.ToJsonString()))}")!;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopped on purpose.
        }

        _http.Dispose();
        _stop.Dispose();
    }

    private async Task ReadAsync()
    {
        try
        {
            await StreamAsync();
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            // The node went away: a test waiting for Connected learns why; later events simply stop arriving.
            _connected.TrySetException(e);
        }
    }

    private async Task StreamAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _stop.Token);
        response.EnsureSuccessStatusCode();
        _connected.TrySetResult();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(_stop.Token));
        while (await reader.ReadLineAsync(_stop.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal) && JsonNode.Parse(line.AsSpan(6).ToString()) is { } record)
            {
                _events.Enqueue(record);
            }
        }
    }
}
