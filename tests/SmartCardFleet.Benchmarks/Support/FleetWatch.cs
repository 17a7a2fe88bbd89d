using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using SmartCardFleet.Testing;

namespace SmartCardFleet.Benchmarks.Support;

/// <summary>What the cluster figure asks a node's API, and waiting for the fleet to reach a state: polls every
/// <see cref="Interval"/> and answers the moment (Stopwatch timestamp) the state was first seen, so a time measured
/// with it is at most one interval (plus one request) late.</summary>
public static class FleetWatch
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>Polls <paramref name="probe"/> until it answers true; the timestamp of the request that saw it.</summary>
    /// <param name="describe">What to add to the timeout's message (the state the wait was stuck in).</param>
    internal static async Task<long> UntilAsync(string what, TimeSpan timeout, FleetNodeProcess asked, Func<Task<bool>> probe,
        Func<Task<string>>? describe = null)
    {
        var start = Stopwatch.GetTimestamp();
        Exception? last = null;
        while (Stopwatch.GetElapsedTime(start) < timeout)
        {
            asked.ThrowIfExited();
            var at = Stopwatch.GetTimestamp();
            try
            {
                if (await probe())
                {
                    return at;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e;
            }

            await Task.Delay(Interval);
        }

        var state = describe is null ? "" : $"\n{await DescribeSafelyAsync(describe)}";
        throw new TimeoutException($"{what}: not within {timeout.TotalSeconds:0} s (last error: {last?.Message ?? "none"}){state}");
    }

    /// <summary>"name Status, …" as GET /api/stations answers.</summary>
    internal static async Task<string> DescribeStatusesAsync(FleetNodeProcess node) =>
        string.Join(", ", (await StatusesAsync(node)).Select(s => $"{s.Key} {s.Value}"));

    private static async Task<string> DescribeSafelyAsync(Func<Task<string>> describe)
    {
        try
        {
            return await describe();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return $"(state unknown: {e.Message})";
        }
    }

    /// <summary>GET /api/stations: name → status.</summary>
    internal static async Task<Dictionary<string, string>> StatusesAsync(FleetNodeProcess node)
    {
        var body = JsonNode.Parse(await node.Http.GetStringAsync("/api/stations"))!;
        return body["stations"]!.AsArray().ToDictionary(s => (string)s!["name"]!, s => (string)s!["status"]!, StringComparer.Ordinal);
    }

    /// <summary>GET /api/readers: how many readers are listed, and how many of them are Unreachable.</summary>
    internal static async Task<(int Listed, int Unreachable)> ReaderCountsAsync(FleetNodeProcess node)
    {
        var body = JsonNode.Parse(await node.Http.GetStringAsync("/api/readers"))!;
        var readers = body["readers"]!.AsArray();
        return (readers.Count, readers.Count(r => (string?)r!["state"] == "Unreachable"));
    }

    /// <summary>True when the node lists exactly <paramref name="count"/> readers, none of them Unreachable.</summary>
    internal static async Task<bool> ListsAsync(FleetNodeProcess node, int count)
    {
        var (listed, unreachable) = await ReaderCountsAsync(node);
        return listed == count && unreachable == 0;
    }

    /// <summary>The managed heap after the last GC as the node's /metrics shows it (the runtime's System.Runtime
    /// meter, summed over generations), or null when the node does not export it.</summary>
    internal static async Task<long?> GcHeapBytesAsync(FleetNodeProcess node)
    {
        var text = await node.Http.GetStringAsync("/metrics");
        long? sum = null;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("dotnet_gc_last_collection_heap_size_bytes", StringComparison.Ordinal)
                && double.TryParse(SampleValue(line), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                sum = (sum ?? 0) + (long)value;
            }
        }

        return sum;
    }

    /// <summary>The value of one exposition line "name{labels} value [timestamp]".</summary>
    private static string SampleValue(string line)
    {
        var afterLabels = line[(line.LastIndexOf('}') + 1)..];
        var tokens = afterLabels.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return line.Contains('}', StringComparison.Ordinal) ? tokens.FirstOrDefault() ?? "" : tokens.ElementAtOrDefault(1) ?? "";
    }
}
