using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Akka.Actor;
using SmartCardFleet.Benchmarks.Support;
using SmartCardFleet.Core.Configuration;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Readers;
using static SmartCardFleet.Benchmarks.Support.Format;

namespace SmartCardFleet.Benchmarks.Figures;

/// <summary>Figure 1: one APDU round trip on one reader, same card: (a) raw binding, (b) Transmit asked of the reader
/// actor, (c) a plugin operation's channel, (d) the HTTP API with a keep-alive client.</summary>
public sealed partial class RoundTripFigure(IBenchFleet fleet, BenchOptions options)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    public async Task RunAsync(ReportSection section)
    {
        const int reader = 0;
        var count = options.RoundTrips;
        var warmup = Math.Max(50, count / 10);
        var name = fleet.ReaderNames[reader];
        var id = ReaderId.FromReaderName(name);
        section.Raw["fleet"] = fleet.Description;
        section.Raw["exchanges"] = count;
        section.Raw["warmup"] = warmup;

        await fleet.InsertAsync(reader, BenchCards.NewStorageCard(1));
        try
        {
            await MeasureAsync(section, name, id, count, warmup);
        }
        finally
        {
            await fleet.RemoveAsync(reader);
        }
    }

    private async Task MeasureAsync(ReportSection section, string name, ReaderId id, int count, int warmup)
    {
        BenchCards.WaitForPresence(fleet.Api, name, present: true, Wait);

        var raw = await Dedicated.Run("bench-raw", () =>
        {
            using var loop = new RawLoop(fleet.Api, name);
            return loop.Measure(count, warmup);
        });

        Latencies actor;
        Latencies direct;
        Latencies echo;
        Latencies sink;
        Latencies channel;
        Latencies operation;
        await using (var station = BenchStation.Start(fleet, withPlugins: true))
        {
            var identified = station.NextEvent<CardIdentified>(e => e.ReaderId == id);
            await station.WaitUntilReadyAsync(fleet.ReaderNames.Count, Wait);
            await identified.WaitAsync(Wait);

            actor = await MeasureAskAsync(station.Manager, new ToReader(id, new Transmit(BenchCards.GetUidBytes)), count, warmup);
            var reader = await station.System.ActorSelection($"/user/readers/{id.Value}~*/reader").ResolveOne(Wait);
            direct = await MeasureAskAsync(reader, new Transmit(BenchCards.GetUidBytes), count, warmup);
            sink = await MeasureSinkAsync(new ReplySink(station.System), station.Manager, new ToReader(id, new Transmit(BenchCards.GetUidBytes)), count, warmup);
            var dispatcher = fleet.IsReal ? CoreConfig.CardIoDispatcherId : CoreConfig.SharedCardIoDispatcherId;
            var echoActor = station.System.ActorOf(Props.Create<EchoActor>().WithDispatcher(dispatcher), "echo");
            echo = await MeasureAskAsync(echoActor, new Transmitted(id, [], 0x9000, TimeSpan.Zero), count, warmup);
            channel = await MeasureChannelAsync(station, id, count, warmup);
            operation = await MeasureOperationsAsync(station, id, Math.Max(20, count / 10));
        }

        var http = await MeasureHttpAsync(name, count, warmup);

        section.Row("(a) raw binding, tight loop", Micros(raw.Median), Micros(raw.P99), "1.00", "baseline", "–");
        AddRow(section, "(b) Transmit asked of the reader actor", actor, raw, 1.10, "≤ 1.10");
        AddRow(section, "(c) plugin operation's channel (per APDU)", channel, raw, 1.15, "≤ 1.15");
        AddRow(section, "(d) HTTP API, keep-alive client", http, raw, 3.0, "≤ 3");
        section.Row("(extra) plugin operation of 1 APDU, end to end", Micros(operation.Median), Micros(operation.P99),
            Ratio(operation.Median / raw.Median), "none (Begin + Transmit + End + routing)", "–");
        section.Row("(b) breakdown: Ask straight to the reader actor (no manager, no supervisor hop)", Micros(direct.Median), Micros(direct.P99),
            Ratio(direct.Median / raw.Median), "–", "–");
        section.Row("(b) breakdown: via the manager with a reusable reply ref instead of Ask", Micros(sink.Median), Micros(sink.P99),
            Ratio(sink.Median / raw.Median), "–", "–");
        section.Row("(b) breakdown: Ask to an echo actor on the readers' dispatcher (no PC/SC)", Micros(echo.Median), Micros(echo.P99),
            "–", "–", "–");
        Store(section, "actorDirect", direct);
        Store(section, "echoActor", echo);
        Store(section, "actorReplySink", sink);
        Store(section, "raw", raw);
        Store(section, "actor", actor);
        Store(section, "pluginChannel", channel);
        Store(section, "http", http);
        Store(section, "pluginOperation1Apdu", operation);
    }

    private void AddRow(ReportSection section, string path, Latencies measured, Latencies raw, double target, string targetText)
    {
        var ratio = measured.Median / raw.Median;
        section.Row(path, Micros(measured.Median), Micros(measured.P99), Ratio(ratio), targetText, Status(ratio <= target));
        section.Raw[$"ratio:{path[..3]}"] = ratio;
    }

    private string Status(bool met) => fleet.IsReal ? Met(met) : Simulated;

    private static void Store(ReportSection section, string key, Latencies latencies) => section.Raw[key] = new JsonObject
    {
        ["count"] = latencies.Count,
        ["medianMicros"] = latencies.Median,
        ["p99Micros"] = latencies.P99,
        ["meanMicros"] = latencies.Mean,
    };

    /// <summary>The in-process host over the same PC/SC (its own simulated one in simulated mode, with the same card).</summary>
    private async Task<Latencies> MeasureHttpAsync(string readerName, int count, int warmup)
    {
        var app = HostUnderBench.Build(fleet.IsReal ? null : 1);
        await using var host = await HostUnderBench.StartAsync(app);
        if (host.SimulatedPcsc is { } simulated)
        {
            readerName = simulated.Readers[0].Name;
            simulated.Readers[0].Insert(BenchCards.NewStorageCard(2));
        }

        var id = ReaderId.FromReaderName(readerName).Value;
        await WaitForAttachedAsync(host, id);
        var latencies = new Latencies();
        var body = new { apdu = "FFCA000000" };
        for (var i = 0; i < warmup + count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            using var response = await host.Http.PostAsJsonAsync($"/api/readers/{id}/transmit", body);
            var json = await response.Content.ReadAsStringAsync();
            var elapsed = Stopwatch.GetTimestamp() - start;
            if (!response.IsSuccessStatusCode || !json.Contains("\"9000\"", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"HTTP transmit answered {(int)response.StatusCode}: {json}");
            }

            if (i >= warmup)
            {
                latencies.AddTicks(elapsed);
            }
        }

        return latencies;
    }

    private static async Task WaitForAttachedAsync(HostUnderBench host, string id)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await host.Http.GetAsync($"/api/readers/{id}");
            if (response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync()).Contains("\"Attached\"", StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"reader {id} was not attached by the host within {Wait}");
    }
}
