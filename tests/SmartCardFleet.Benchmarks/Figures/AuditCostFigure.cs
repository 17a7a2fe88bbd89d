using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SmartCardFleet.Benchmarks.Support;
using SmartCardFleet.Storage.Audit;
using static SmartCardFleet.Benchmarks.Support.Format;

namespace SmartCardFleet.Benchmarks.Figures;

/// <summary>
/// Figure 8 (issue 14): what the audit journal costs an APDU. POST /api/readers/{id}/transmit with one keep-alive client,
/// against two hosts in this process that differ only in Storage:Audit:Enabled (each its own SQLite file, the default
/// storage; each its own simulated reader holding the same kind of card). The two are measured in interleaved rounds, each
/// round's order alternating, so the machine's other load weighs on both alike; the spread of the per-round medians of "audit off" is the noise the
/// difference is compared with. The issue's target: APDU latency stays the same within noise.
/// </summary>
public sealed class AuditCostFigure(BenchOptions options)
{
    private const int Rounds = 10;
    private static readonly TimeSpan StoredWait = TimeSpan.FromSeconds(30);

    public async Task RunAsync(ReportSection section)
    {
        var count = options.RoundTrips;
        var warmup = Math.Max(50, count / 10);
        await using var fleet = new SimulatedBenchFleet(1);
        await using var off = await HttpPath.StartAsync(fleet, fleet.ReaderNames[0], Audit(enabled: false));
        await using var on = await HttpPath.StartAsync(fleet, fleet.ReaderNames[0], Audit(enabled: true));
        section.Raw["exchanges"] = count;
        section.Raw["warmup"] = warmup;
        section.Raw["rounds"] = Rounds;
        section.Raw["storage"] = "SQLite (default), one file per host";

        await off.MeasureAsync(warmup);
        await on.MeasureAsync(warmup);
        var measuredOff = new Latencies();
        var measuredOn = new Latencies();
        var offRoundMedians = new List<double>();
        var pairedDifferences = new Latencies();
        for (var round = 0; round < Rounds; round++)
        {
            // Alternating which goes first, so neither pays more often for what the other left behind (GC, the writer's batch).
            Latencies roundOff, roundOn;
            if (round % 2 == 0)
            {
                roundOff = await off.MeasureAsync(Math.Max(1, count / Rounds));
                roundOn = await on.MeasureAsync(Math.Max(1, count / Rounds));
            }
            else
            {
                roundOn = await on.MeasureAsync(Math.Max(1, count / Rounds));
                roundOff = await off.MeasureAsync(Math.Max(1, count / Rounds));
            }

            measuredOff.AddRange(roundOff.Values);
            measuredOn.AddRange(roundOn.Values);
            offRoundMedians.Add(roundOff.Median);
            pairedDifferences.Add(roundOn.Median - roundOff.Median);
        }

        var stored = await StoredTransmitsAsync(on.Services, warmup + measuredOn.Count);
        var noise = offRoundMedians.Max() - offRoundMedians.Min();
        var difference = measuredOn.Median - measuredOff.Median;
        section.Row("audit off (Storage:Audit:Enabled false)", Micros(measuredOff.Median), Micros(measuredOff.P99), "–", "baseline", "–");
        if (stored is null)
        {
            section.NotMeasured("audit on", "this host has no audit journal registered (IAuditJournal), so there is nothing to compare");
        }
        else
        {
            var audited = stored.Value >= warmup + measuredOn.Count;
            section.Row("audit on (default)", Micros(measuredOn.Median), Micros(measuredOn.P99), Signed(difference),
                $"≤ noise ({Micros(noise)})", audited ? Met(difference <= noise) : "**not met**: transmits were not audited");
            section.Notes.Add($"{stored.Value.ToString(CultureInfo.InvariantCulture)} reader.transmit records were in the audit journal " +
                $"after {(warmup + measuredOn.Count).ToString(CultureInfo.InvariantCulture)} audited transmits.");
        }

        section.Notes.Add($"Per round, audit on minus audit off (medians, the two measured back to back under the same load): " +
            $"{string.Join(", ", pairedDifferences.Values.Select(d => Signed(d)))}; their median {Signed(pairedDifferences.Median)}.");
        section.Notes.Add($"Noise = spread of the {Rounds} per-round medians of \"audit off\" ({string.Join(", ", offRoundMedians.Select(m => m.ToString("0.0", CultureInfo.InvariantCulture)))} µs).");
        section.Raw["auditOff"] = Raw(measuredOff);
        section.Raw["auditOn"] = Raw(measuredOn);
        section.Raw["differenceMedianMicros"] = difference;
        section.Raw["noiseMicros"] = noise;
        section.Raw["pairedDifferenceMedianMicros"] = pairedDifferences.Median;
        section.Raw["auditRecords"] = stored;
    }

    private static Dictionary<string, string?> Audit(bool enabled) =>
        new() { ["Storage:Audit:Enabled"] = enabled ? "true" : "false" };

    /// <summary>How many reader.transmit records the audit journal holds once its writer caught up with
    /// <paramref name="expected"/> (or the wait ran out); null without an audit journal.</summary>
    private static async Task<long?> StoredTransmitsAsync(IServiceProvider services, int expected)
    {
        if (services.GetService<IAuditJournal>() is null || services.GetService<IAuditReader>() is not { } reader)
        {
            return null;
        }

        var filter = new AuditFilter(Action: "reader.transmit");
        var deadline = DateTime.UtcNow + StoredWait;
        long stored;
        do
        {
            stored = 0;
            await foreach (var _ in reader.ExportAsync(filter, expected + 1_000, CancellationToken.None))
            {
                stored++;
            }

            if (stored >= expected)
            {
                break;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        return stored;
    }

    private static string Signed(double micros) =>
        (micros >= 0 ? "+" : "−") + Math.Abs(micros).ToString("0.0", CultureInfo.InvariantCulture) + " µs";

    private static System.Text.Json.Nodes.JsonObject Raw(Latencies latencies) => new()
    {
        ["count"] = latencies.Count,
        ["medianMicros"] = latencies.Median,
        ["p99Micros"] = latencies.P99,
        ["meanMicros"] = latencies.Mean,
    };
}
