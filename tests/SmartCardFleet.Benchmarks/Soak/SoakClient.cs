using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SmartCardFleet.Host.Simulation;

namespace SmartCardFleet.Benchmarks.Soak;

/// <summary>
/// One API client of the soak: picks a reader (four times in five one with a card) and a request at random (from the
/// seed) and sends it over loopback —
/// half single transmits, a quarter /transaction batches of 2–4 APDUs, a quarter the plugin operation that fits the
/// card the soak put there — records every answer in the tally, and stops when told or after its request bound.
/// It gives up on a request at OperationTimeout + margin, which the tally counts as unanswered.
/// </summary>
internal sealed class SoakClient(int index, SoakPlan plan, Uri station, SoakSlots slots, SoakTally tally)
{
    /// <summary>Answer any card: GET DATA (UID), SELECT MF, READ BINARY, GET DATA 6E. What the SW is does not matter
    /// here; that every request gets an HTTP answer in time does.</summary>
    private static readonly string[] Apdus = ["FFCA000000", "00A4000C023F00", "00B0000010", "00CA006E00"];

    public async Task RunAsync(Func<bool> keepGoing)
    {
        var random = new Random(unchecked(plan.Seed + (7919 * (index + 1))));
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = station,
            Timeout = plan.AnswerDeadline,
        };
        for (long n = 0; n < plan.MaxRequestsPerClient && keepGoing(); n++)
        {
            // Mostly readers with a card (where the work and the races are), some empty ones (fast 409s).
            var present = slots.Present.ToList();
            var reader = present.Count > 0 && random.Next(5) > 0 ? present[random.Next(present.Count)] : random.Next(slots.Count);
            var (path, body) = Request(random, slots.ReaderIds[reader], slots.CardType(reader));
            await SendAsync(http, path, body);
        }
    }

    private static (string Path, object Body) Request(Random random, string readerId, string? cardType)
    {
        var roll = random.Next(4);
        if (roll < 2)
        {
            return ($"/api/readers/{readerId}/transmit", new { apdu = Apdus[random.Next(Apdus.Length)] });
        }

        if (roll == 2)
        {
            var apdus = Enumerable.Range(0, random.Next(2, 5)).Select(_ => Apdus[random.Next(Apdus.Length)]).ToArray();
            return ($"/api/readers/{readerId}/transaction", new { apdus });
        }

        var (operation, arguments) = cardType switch
        {
            VirtualCardCatalog.FileSystemCard => ("select", (object)new { fid = "3F00" }),
            VirtualCardCatalog.NfcTag => ("read-ndef", new { }),
            VirtualCardCatalog.OpenPgpCard => ("pin-retry-counters", new { }),
            _ => ("read-uid", new { }),
        };
        return ($"/api/readers/{readerId}/operations/{operation}", new { arguments });
    }

    private async Task SendAsync(HttpClient http, string path, object body)
    {
        var what = $"client {index} POST {path}";
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.PostAsJsonAsync(path, body);
            var text = await response.Content.ReadAsStringAsync();
            var ended = Stopwatch.GetTimestamp();
            var status = (int)response.StatusCode;
            var (reason, detail) = status >= 400 ? Problem(text) : (null, null);
            tally.Answered(what, status, reason, detail, started, ended);
        }
        catch (TaskCanceledException)
        {
            tally.Unanswered(what, $"nothing within {plan.AnswerDeadline.TotalSeconds:0} s", started);
        }
        catch (HttpRequestException e)
        {
            tally.Unanswered(what, $"connection failed: {e.HttpRequestError}", started);
        }
    }

    private static (string? Reason, string? Detail) Problem(string body)
    {
        try
        {
            var json = JsonNode.Parse(body);
            return ((string?)json?["reason"] ?? (string?)json?["title"], (string?)json?["detail"]);
        }
        catch (System.Text.Json.JsonException)
        {
            return ("(not problem+json)", body);
        }
    }
}
