using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Playwright;

namespace SmartCardFleet.Host.Tests.Dashboard;

/// <summary>A fleet the dashboard sees through its page's requests: the real station serves the page, and every /api/
/// request of that page is answered here from stations and readers the test sets (the JSON shapes of the README's HTTP
/// contract), so one test process can show several stations, an unreachable one, or 1,000 readers. The event stream is
/// answered 204 (EventSource then stops asking): these tests drive the page through the reader list and station polls.</summary>
internal sealed class FakeFleetApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ConcurrentDictionary<string, object> _stations = new();
    private readonly ConcurrentDictionary<string, Reader> _readers = new();

    public sealed record Reader(string Id, string Station, string Name, string State, string? Atr, string? CardType);

    public void SetStation(string name, string status, string role = "station", int? readers = null, bool self = false) =>
        _stations[name] = new
        {
            name, address = $"akka.tcp://fleet@127.0.0.1:{4053 + _stations.Count}", roles = new[] { role }, status,
            readers = readers ?? _readers.Values.Count(r => r.Station == name), version = "1.4.0", lastSeen = DateTimeOffset.UtcNow, self,
        };

    public void SetReader(string station, int index, string state, string? atr = null, string? cardType = null)
    {
        var id = $"{station}.reader-{index:0000}";
        _readers[id] = new Reader(id, station, $"Reader {index:0000}", state, atr, cardType);
    }

    public void RemoveReadersOf(string station)
    {
        foreach (var id in _readers.Keys.Where(k => k.StartsWith(station + ".", StringComparison.Ordinal)))
        {
            _readers.TryRemove(id, out _);
        }
    }

    public Task AnswerAsync(IPage page) => page.RouteAsync("**/api/**", async route =>
    {
        var path = new Uri(route.Request.Url).AbsolutePath;
        if (path == "/api/events")
        {
            await route.FulfillAsync(new() { Status = 204 });
            return;
        }

        var (status, body) = path switch
        {
            "/api/stations" => (200, (object)new { stations = _stations.Values.ToArray() }),
            "/api/readers" => (200, new { readers = _readers.Values.OrderBy(r => r.Id, StringComparer.Ordinal).Select(Dto).ToArray(), unavailable = Array.Empty<object>() }),
            "/api/plugins" => (200, Array.Empty<object>()),
            _ when path.StartsWith("/api/readers/", StringComparison.Ordinal) && _readers.TryGetValue(path["/api/readers/".Length..], out var reader)
                => (200, Dto(reader)),
            _ => (404, new { title = "UnknownReader", status = 404, detail = $"no answer for {path}", reason = "UnknownReader" }),
        };
        await route.FulfillAsync(new() { Status = status, ContentType = "application/json", Body = JsonSerializer.Serialize(body, Json) });
    });

    /// <summary>A reader as GET /api/readers lists it; an unreachable one has only its id, station, name and state.</summary>
    private static object Dto(Reader r) => new
    {
        id = r.Id, station = r.Station, name = r.Name, state = r.State, atr = r.Atr, protocol = r.Atr is null ? null : "T1",
        shareMode = (string?)null, session = (string?)null, insertionCounter = 0, transactionHolder = (string?)null,
        autoAttach = r.State == "Unreachable" ? (bool?)null : true, lastError = (object?)null, plugin = (string?)null,
        pluginVersion = (string?)null, cardType = r.CardType, busy = (object?)null,
    };
}
