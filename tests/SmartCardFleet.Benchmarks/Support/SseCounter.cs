using System.Globalization;
using System.Net.Http.Headers;

namespace SmartCardFleet.Benchmarks.Support;

/// <summary>An /api/events subscriber that counts the events it receives. When the host drops it (too slow) or the
/// stream ends, it reconnects with Last-Event-ID, as a browser's EventSource would, and counts the reconnects.</summary>
public sealed class SseCounter : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _loop;
    private long _received;
    private long _lastId;
    private int _reconnects;

    public SseCounter(Uri baseAddress)
    {
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        _loop = Task.Run(ReadAsync);
    }

    public long Received => Interlocked.Read(ref _received);

    public long LastId => Interlocked.Read(ref _lastId);

    public int Reconnects => Volatile.Read(ref _reconnects);

    /// <summary>Completes once the first stream is open (headers received).</summary>
    public Task Connected => _connected.Task;

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
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events");
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            if (LastId > 0)
            {
                request.Headers.Add("Last-Event-ID", LastId.ToString(CultureInfo.InvariantCulture));
            }

            try
            {
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
                response.EnsureSuccessStatusCode();
                _connected.TrySetResult();
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(token));
                while (await reader.ReadLineAsync(token) is { } line)
                {
                    if (line.StartsWith("id: ", StringComparison.Ordinal))
                    {
                        Interlocked.Exchange(ref _lastId, long.Parse(line.AsSpan(4), CultureInfo.InvariantCulture));
                        Interlocked.Increment(ref _received);
                    }
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException && !token.IsCancellationRequested)
            {
                // Treated like the end of the stream: reconnect below.
            }

            if (!token.IsCancellationRequested)
            {
                Interlocked.Increment(ref _reconnects);
            }
        }
    }
}
