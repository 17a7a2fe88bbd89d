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
    private long _lost;
    private long _confirmations;
    private int _reconnects;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _types = new(StringComparer.Ordinal);

    /// <summary>Counts only events with an id above <paramref name="afterId"/> and starts the stream there.</summary>
    public SseCounter(Uri baseAddress, long afterId)
    {
        _lastId = afterId;
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        _loop = Task.Run(ReadAsync);
    }

    public long Received => Interlocked.Read(ref _received);

    public long LastId => Interlocked.Read(ref _lastId);

    public int Reconnects => Volatile.Read(ref _reconnects);

    /// <summary>Events skipped in the id sequence: the host dropped this subscriber and its ring no longer held them.</summary>
    public long Lost => Interlocked.Read(ref _lost);

    /// <summary>CardAttached + CardDetached received: each completed insertion or removal ends with one of them.</summary>
    public long Confirmations => Interlocked.Read(ref _confirmations);

    /// <summary>Received events by type.</summary>
    public IReadOnlyDictionary<string, long> Types => _types;

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
                // Also on the first connection: the backlog before the measurement is not counted.
                request.Headers.Add("Last-Event-ID", LastId.ToString(CultureInfo.InvariantCulture));
            }

            try
            {
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
                response.EnsureSuccessStatusCode();
                _connected.TrySetResult();
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(token));
                var counted = false;
                while (await reader.ReadLineAsync(token) is { } line)
                {
                    if (counted && line.StartsWith("data: ", StringComparison.Ordinal))
                    {
                        counted = false;
                        CountType(line);
                        continue;
                    }

                    if (line.StartsWith("id: ", StringComparison.Ordinal))
                    {
                        var id = long.Parse(line.AsSpan(4), CultureInfo.InvariantCulture);
                        var last = LastId;
                        if (id <= last)
                        {
                            continue;
                        }

                        Interlocked.Add(ref _lost, id - last - 1);
                        Interlocked.Exchange(ref _lastId, id);
                        Interlocked.Increment(ref _received);
                        counted = true;
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

    private void CountType(string data)
    {
        const string Key = "\"type\":\"";
        var at = data.IndexOf(Key, StringComparison.Ordinal);
        if (at < 0)
        {
            return;
        }

        var start = at + Key.Length;
        var type = data[start..data.IndexOf('"', start)];
        _types.AddOrUpdate(type, 1, (_, n) => n + 1);
        if (type is "CardAttached" or "CardDetached")
        {
            Interlocked.Increment(ref _confirmations);
        }
    }
}
