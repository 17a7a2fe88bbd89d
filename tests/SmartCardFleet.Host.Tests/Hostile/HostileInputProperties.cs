using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;
using SmartCardFleet.Host.Api;
using SmartCardFleet.Host.Events;
using SmartCardFleet.Host.Simulation;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Hostile;

/// <summary>
/// Generated requests thrown at every endpoint of a station with the shipped plugins and one card of each shipped type.
/// Whatever comes in, the station answers with a success or a bounded problem+json that explains itself, and stays
/// healthy and small afterwards: /metrics and /healthz answer 200, the event journal and the heap stay bounded.
/// </summary>
public sealed class HostileInputProperties(HostileInputProperties.StormStation fixture) : IClassFixture<HostileInputProperties.StormStation>
{
    /// <summary>Longest answer a problem may have: echoed client input is truncated well below this.</summary>
    private const int MaxProblemBytes = 8 * 1024;

    /// <summary>Longest answer any endpoint may give to these requests (the OpenAPI document is the largest).</summary>
    private const int MaxAnswerBytes = 512 * 1024;

    /// <summary>What the journal may hold after the storm: its byte budget plus the size of one bounded event.</summary>
    private const long MaxJournalBytes = 2 * 1024 * 1024;

    /// <summary>Heap the station may keep after hundreds of hostile requests (some of them megabytes).</summary>
    private const long MaxHeapGrowth = 64 * 1024 * 1024;

    private readonly StationUnderTest _station = fixture.Station;

    [Fact]
    public async Task Any_request_gets_a_success_or_a_bounded_problem_and_the_station_stays_healthy_and_small()
    {
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var property = Prop.ForAll(HostileRequests.Any, request => AnswerIsAcceptable(request).GetAwaiter().GetResult());

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(400).WithQuietOnSuccess(true), property);

        Assert.Equal(HttpStatusCode.OK, (await _station.Http.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _station.Http.GetAsync("/healthz")).StatusCode);
        var journal = _station.App.Services.GetRequiredService<FleetEventJournal>();
        var journalBytes = journal.Since(null).Sum(r => (long)JsonSerializer.Serialize(r).Length);
        Assert.True(journalBytes <= MaxJournalBytes, $"the event journal holds {journalBytes} bytes of JSON after the storm");
        var growth = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        Assert.True(growth <= MaxHeapGrowth, $"the heap grew by {growth / 1024 / 1024} MiB");
    }

    [Fact]
    public void Any_last_event_id_is_refused_with_a_problem_or_opens_the_stream()
    {
        var ids = Gen.OneOf(
            Gen.Elements("0", "-1", "9223372036854775807", "9223372036854775808", "abc", "1e3", " 5", "", "+1", "0x10"),
            Gen.Choose(0, 100).Select(n => new string('9', n)));
        var property = Prop.ForAll(ids.ToArbitrary(), id => EventStreamAnswerIsAcceptable(id).GetAwaiter().GetResult());

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(60).WithQuietOnSuccess(true), property);
    }

    private async Task<bool> AnswerIsAcceptable(HostileRequest request)
    {
        using var message = request.ToMessage();
        HttpResponseMessage response;
        try
        {
            response = await _station.Http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
        }
        catch (HttpRequestException e) when (e.InnerException is IOException
            && System.Text.Encoding.UTF8.GetByteCount(request.Body ?? "") > RequestBodyLimit.MaxBytes)
        {
            // The station reads no more of a body than its limit: it answers (or not, for an endpoint that takes no body)
            // and closes the connection while the client is still sending. The client then sees a broken pipe.
            return true;
        }

        using var _ = response;
        var body = await ReadBoundedAsync(response, MaxAnswerBytes + 1);
        Assert.True(body.Length <= MaxAnswerBytes, $"{request}: answered {body.Length}+ bytes");
        var status = (int)response.StatusCode;
        if (status < 400)
        {
            Assert.True(status is >= 200 and < 300 or 304, $"{request}: answered {status}");
            return true;
        }

        if (status == 400 && Uri.UnescapeDataString(request.Path).Contains('\0', StringComparison.Ordinal))
        {
            // Not HTTP: Kestrel refuses a NUL in the decoded path itself, with a bare 400, before the station sees it.
            return true;
        }

        if (request.Method == "HEAD")
        {
            // A HEAD answer has no body by definition: only its status can be judged.
            Assert.True(status < 500, $"{request}: answered {status}");
            return true;
        }

        var problem = AssertProblem(request, response, body);
        // The card's own refusal (a status word it chose) is reported as 502 CardError with that status word; any other
        // 5xx would be the station failing on client input.
        Assert.True(status < 500 || (status == 502 && problem["reason"]?.GetValue<string>() == "CardError"),
            $"{request}: answered {status}: {body}");
        return true;
    }

    private async Task<bool> EventStreamAnswerIsAcceptable(string lastEventId)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, "/api/events");
        message.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        using var response = await _station.Http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            return true;
        }

        var body = await ReadBoundedAsync(response, MaxProblemBytes + 1);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertProblem(new HostileRequest("GET", "/api/events", null, null, lastEventId), response, body);
        return true;
    }

    private static JsonNode AssertProblem(HostileRequest request, HttpResponseMessage response, string body)
    {
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json",
            $"{request}: {(int)response.StatusCode} came as {response.Content.Headers.ContentType?.MediaType ?? "no content type"}: {Shorten(body)}");
        Assert.True(body.Length <= MaxProblemBytes, $"{request}: a problem of {body.Length} bytes");
        var problem = JsonNode.Parse(body)!;
        Assert.Equal((int)response.StatusCode, problem["status"]?.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()), $"{request}: a problem without detail: {body}");
        Assert.False(string.IsNullOrWhiteSpace(problem["title"]?.GetValue<string>()), $"{request}: a problem without title: {body}");
        return problem;
    }

    private static async Task<string> ReadBoundedAsync(HttpResponseMessage response, int limit)
    {
        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[limit];
        var read = 0;
        int n;
        while (read < limit && (n = await stream.ReadAsync(buffer.AsMemory(read, limit - read))) > 0)
        {
            read += n;
        }

        return System.Text.Encoding.UTF8.GetString(buffer, 0, read);
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    /// <summary>A station with the shipped plugins and one card of each shipped type in readers 00..03, each identified
    /// by its plugin before the storm starts.</summary>
    public sealed class StormStation : IAsyncLifetime
    {
        public StationUnderTest Station { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Station = await StationUnderTest.StartAsync(readers: 8, overrides: new Dictionary<string, string?>
            {
                ["Station:OperationTimeout"] = "00:00:02",
                ["Station:Plugins:Directory"] = RepositoryPaths.ShippedPlugins,
            });
            for (var i = 0; i < VirtualCardCatalog.Types.Count; i++)
            {
                Station.Reader(i).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.Types[i]));
            }

            for (var i = 0; i < VirtualCardCatalog.Types.Count; i++)
            {
                var reader = i;
                await Eventually.TrueAsync(async () =>
                    (await Station.GetJsonAsync($"/api/readers/{StationUnderTest.ReaderId(reader)}"))["plugin"] is not null,
                    TimeSpan.FromSeconds(10), $"{StationUnderTest.ReaderId(reader)} to be identified");
            }
        }

        public async Task DisposeAsync() => await Station.DisposeAsync();
    }
}
