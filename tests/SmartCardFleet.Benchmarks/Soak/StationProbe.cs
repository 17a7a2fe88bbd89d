using System.Diagnostics;
using System.Text.Json.Nodes;

namespace SmartCardFleet.Benchmarks.Soak;

/// <summary>The soak's own questions to the station over HTTP: is it ready, and which readers have their card
/// attached and identified by a plugin. Polls with a deadline; never part of the counted client traffic.</summary>
internal sealed class StationProbe(HttpClient http)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(25);

    /// <summary>Polls /readyz until 200; the timestamp it answered so, or null when <paramref name="limit"/> passed.</summary>
    public async Task<long?> WaitReadyAsync(TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            try
            {
                using var response = await http.GetAsync("/readyz");
                if (response.IsSuccessStatusCode)
                {
                    return Stopwatch.GetTimestamp();
                }
            }
            catch (HttpRequestException)
            {
                // Not a state the station should be in, but the deadline decides.
            }

            await Task.Delay(Interval);
        }

        return null;
    }

    /// <summary>
    /// Follows the readers until each of <paramref name="present"/> is attached with a card type named by a plugin and
    /// each other reader shows no card, or until <paramref name="limit"/> after <paramref name="from"/>. Answers, per
    /// reader index, how long after <paramref name="from"/> it was first seen so (null: never) and its last state.
    /// </summary>
    public async Task<IReadOnlyDictionary<int, (TimeSpan? After, string State)>> WaitSettledAsync(
        IReadOnlyList<string> readerIds, IReadOnlySet<int> present, long from, TimeSpan limit)
    {
        var result = Enumerable.Range(0, readerIds.Count).ToDictionary(i => i, _ => ((TimeSpan?)null, "not listed"));
        while (true)
        {
            var readers = await ReadersAsync();
            var now = Stopwatch.GetElapsedTime(from);
            for (var i = 0; i < readerIds.Count; i++)
            {
                if (result[i].Item1 is not null)
                {
                    continue;
                }

                var reader = readers.GetValueOrDefault(readerIds[i]);
                var state = (string?)reader?["state"] ?? "not listed";
                var identified = (string?)reader?["cardType"] is not null;
                var settled = present.Contains(i) ? state == "Attached" && identified : state == "NoCard";
                result[i] = (settled ? now : null, identified ? $"{state}, identified" : state);
            }

            if (result.Values.All(r => r.Item1 is not null) || now > limit)
            {
                return result;
            }

            await Task.Delay(Interval);
        }
    }

    private async Task<Dictionary<string, JsonNode>> ReadersAsync()
    {
        try
        {
            using var response = await http.GetAsync("/api/readers");
            var list = JsonNode.Parse(await response.Content.ReadAsStringAsync())?["readers"]?.AsArray() ?? [];
            return list.Where(r => r?["id"] is not null).ToDictionary(r => (string)r!["id"]!, r => r!, StringComparer.Ordinal);
        }
        catch (HttpRequestException)
        {
            return [];
        }
        catch (System.Text.Json.JsonException)
        {
            return [];
        }
    }
}
