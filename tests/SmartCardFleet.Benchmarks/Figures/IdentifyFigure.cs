using System.Diagnostics;
using System.Text.Json.Nodes;
using SmartCardFleet.Benchmarks.Support;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Plugins;
using static SmartCardFleet.Benchmarks.Support.Format;

namespace SmartCardFleet.Benchmarks.Figures;

/// <summary>Figure 3: card inserted → CardIdentified, minus what a raw SCardGetStatusChange waiter on the same reader
/// sees. Identification here = monitor notices, reader actor connects, plugin host probes with one APDU inside a
/// transaction and opens the session (<see cref="BenchLoopPlugin"/>).</summary>
public sealed class IdentifyFigure(IBenchFleet fleet, BenchOptions options)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    public async Task RunAsync(ReportSection section)
    {
        var reader = Math.Min(1, fleet.ReaderNames.Count - 1);
        var name = fleet.ReaderNames[reader];
        var id = ReaderId.FromReaderName(name);
        var rawPart = new Latencies();
        var total = new Latencies();
        var ours = new Latencies();
        await using (var station = BenchStation.Start(fleet, withPlugins: true))
        {
            await station.WaitUntilReadyAsync(fleet.ReaderNames.Count, Wait);
            for (var i = 0; i < options.Insertions + 2; i++)
            {
                var waiter = await RawPresenceWaiter.ArmAsync(fleet.Api, name, Wait);
                var identified = station.NextEvent<CardIdentified>(e => e.ReaderId == id);
                var start = Stopwatch.GetTimestamp();
                await fleet.InsertAsync(reader, BenchCards.NewStorageCard(1000 + i));
                long seen;
                long at;
                try
                {
                    seen = await waiter.Seen.WaitAsync(Wait);
                    (_, at) = await identified.WaitAsync(Wait);
                }
                catch
                {
                    await fleet.RemoveAsync(reader);
                    throw;
                }

                if (i >= 2)
                {
                    rawPart.AddTicks(seen - start);
                    total.AddTicks(at - start);
                    ours.AddTicks(at - seen);
                }

                var removed = station.NextEvent<CardRemoved>(e => e.ReaderId == id);
                await fleet.RemoveAsync(reader);
                await removed.WaitAsync(Wait);
                BenchCards.WaitForPresence(fleet.Api, name, present: false, Wait);
            }
        }

        var met = ours.Median / 1000 <= 10;
        section.Row("insert → raw waiter sees the card (PC/SC's part)", Millis(rawPart.Median / 1000), Millis(rawPart.P99 / 1000), "–", "–");
        section.Row("insert → CardIdentified", Millis(total.Median / 1000), Millis(total.P99 / 1000), "–", "–");
        section.Row("our part (CardIdentified − raw waiter)", Millis(ours.Median / 1000), Millis(ours.P99 / 1000), "≤ 10 ms median", fleet.IsReal ? Met(met) : Simulated);
        section.Raw["fleet"] = fleet.Description;
        section.Raw["insertions"] = ours.Count;
        section.Raw["rawMedianMicros"] = rawPart.Median;
        section.Raw["rawP99Micros"] = rawPart.P99;
        section.Raw["totalMedianMicros"] = total.Median;
        section.Raw["totalP99Micros"] = total.P99;
        section.Raw["oursMedianMicros"] = ours.Median;
        section.Raw["oursP99Micros"] = ours.P99;
        section.Raw["oursAllMicros"] = new JsonArray([.. ours.Values.Select(v => (JsonNode?)v)]);
    }
}
