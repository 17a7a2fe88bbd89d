using System.Text.Json.Nodes;
using SmartCardFleet.Host.Simulation;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Api;

public sealed class EventStreamTests(SharedStation shared) : IClassFixture<SharedStation>
{
    private readonly StationUnderTest _station = shared.Station;

    [Fact]
    public async Task Events_stream_with_ids_and_a_reconnect_with_Last_Event_ID_resumes_after_that_id()
    {
        var reader = StationUnderTest.ReaderId(12);
        using var stream = await SseReader.OpenAsync(_station.Http, null);
        _station.Reader(12).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.FileSystemCard));
        var inserted = await stream.NextAsync(e => e.Data["type"]!.GetValue<string>() == "CardInserted"
            && e.Data["readerId"]?.GetValue<string>() == reader, TimeSpan.FromSeconds(5));
        var attached = await stream.NextAsync(e => e.Data["type"]!.GetValue<string>() == "CardAttached"
            && e.Data["readerId"]?.GetValue<string>() == reader, TimeSpan.FromSeconds(5));
        Assert.Equal(inserted.Id, inserted.Data["id"]!.GetValue<long>());
        Assert.True(attached.Id > inserted.Id);

        using var resumed = await SseReader.OpenAsync(_station.Http, inserted.Id - 1);
        var first = await resumed.NextAsync(_ => true, TimeSpan.FromSeconds(5));

        Assert.Equal(inserted.Id, first.Id);
        Assert.Equal("CardInserted", first.Data["type"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(first.Data["data"]!["atr"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_Last_Event_ID_that_is_not_a_number_is_400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events");
        request.Headers.Add("Last-Event-ID", "yesterday");

        var response = await _station.Http.SendAsync(request);

        await ProblemAssert.IsAsync(response, System.Net.HttpStatusCode.BadRequest, "yesterday");
    }

    private sealed record SseEvent(long Id, JsonNode Data);

    /// <summary>Minimal SSE reader: "id:" and "data:" lines, events separated by a blank line.</summary>
    private sealed class SseReader : IDisposable
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
}
