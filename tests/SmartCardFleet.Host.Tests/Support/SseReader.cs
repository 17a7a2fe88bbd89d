using System.Text.Json.Nodes;

namespace SmartCardFleet.Host.Tests.Support;

internal sealed record SseEvent(long Id, JsonNode Data);

/// <summary>Minimal SSE reader: "id:" and "data:" lines, events separated by a blank line.</summary>
internal sealed class SseReader : IDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseReader(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public static async Task<SseReader> OpenAsync(HttpClient http, long? lastEventId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events");
        if (lastEventId is { } id)
        {
            request.Headers.Add("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new SseReader(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    public async Task<SseEvent> NextAsync(Func<SseEvent, bool> match, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        long? id = null;
        try
        {
            while (await _reader.ReadLineAsync(deadline.Token) is { } line)
            {
                if (line.StartsWith("id: ", StringComparison.Ordinal))
                {
                    id = long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture);
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal) && id is { } current)
                {
                    var candidate = new SseEvent(current, JsonNode.Parse(line[6..])!);
                    if (match(candidate))
                    {
                        return candidate;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Fall through to the failure below.
        }

        Assert.Fail($"no matching event within {timeout.TotalSeconds} s");
        return null!;
    }

    public void Dispose()
    {
        _reader.Dispose();
        _response.Dispose();
    }
}
