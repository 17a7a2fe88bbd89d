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
/// actor, (c) a plugin operation's channel, (d) the HTTP API with a keep-alive client; and (e) the per-APDU cost of a
/// batch of <see cref="BatchSize"/> APDUs: raw inside one PC/SC transaction, HTTP <c>/transaction</c>, and the
/// reader actor's <see cref="TransmitBatch"/>.</summary>
public sealed partial class RoundTripFigure(IBenchFleet fleet, BenchOptions options)
{
    /// <summary>APDUs per batch of figure 1 (e), as in the target for <c>/transaction</c>.</summary>
    public const int BatchSize = 100;

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private const int Rounds = 10;

    /// <summary>Whole batches for a share of <paramref name="apdus"/> exchanges, at least one (the smoke run's share
    /// is smaller than one batch and must still take the batch paths).</summary>
    public static int Batches(int apdus) => Math.Max(1, apdus / BatchSize);

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

    /// <summary>Every path is measured in <see cref="Rounds"/> interleaved rounds with both stations up (the bench's
    /// and the HTTP host's, each attached to the same card in shared mode), after one discarded warm-up round: JIT
    /// tiering, the machine's other load and pcscd's own state then weigh on every path alike, instead of on whichever
    /// path happened to run first.</summary>
    private async Task MeasureAsync(ReportSection section, string name, ReaderId id, int count, int warmup)
    {
        BenchCards.WaitForPresence(fleet.Api, name, present: true, Wait);
        await using var station = BenchStation.Start(fleet, withPlugins: true);
        var identified = station.NextEvent<CardIdentified>(e => e.ReaderId == id);
        await station.WaitUntilReadyAsync(fleet.ReaderNames.Count, Wait);
        await identified.WaitAsync(Wait);
        await using var http = await HttpPath.StartAsync(fleet, name);

        // As the host's HTTP gateway and plugin channels ask: straight to the reader actor, by ReaderId.
        var readers = new ReaderRequests(station.System, station.Manager);
        var transmit = new Transmit(BenchCards.GetUidBytes);
        var dispatcher = fleet.IsReal ? CoreConfig.CardIoDispatcherId : CoreConfig.SharedCardIoDispatcherId;
        var echoActor = station.System.ActorOf(Props.Create<EchoActor>().WithDispatcher(dispatcher), "echo");
        var echoReply = new Transmitted(id, [], 0x9000, TimeSpan.Zero);
        var paths = new (string Key, Func<int, Task<Latencies>> Measure)[]
        {
            ("raw", n => Dedicated.Run("bench-raw", () =>
            {
                using var loop = new RawLoop(fleet.Api, name);
                return loop.Measure(n, warmup: 0);
            })),
            ("actor", n => MeasureAsync(() => readers.AskAsync(id, transmit, Wait), "ReaderRequests", n)),
            ("actorViaManager", n => MeasureAskAsync(station.Manager, new ToReader(id, transmit), n)),
            ("echoActor", n => MeasureAskAsync(echoActor, echoReply, n)),
            ("pluginChannel", n => MeasureChannelAsync(station, id, n)),
            ("rawBatch", n => Dedicated.Run("bench-raw-batch", () =>
            {
                using var loop = new RawLoop(fleet.Api, name);
                return loop.MeasureBatches(Batches(n), BatchSize);
            })),
            ("actorBatch", n => MeasureBatchAsync(readers, id, Batches(n))),
            ("httpBatch", http.MeasureTransactionAsync),
            ("http", http.MeasureAsync),
            ("httpFloor", http.MeasureFloorAsync),
            ("httpClient", http.MeasureHttpClientAsync),
        };

        var measured = paths.ToDictionary(p => p.Key, _ => new Latencies());
        foreach (var (_, measure) in paths)
        {
            await measure(warmup);
        }

        for (var round = 0; round < Rounds; round++)
        {
            foreach (var (key, measure) in paths)
            {
                measured[key].AddRange((await measure(count / Rounds)).Values);
            }
        }

        var operation = await MeasureOperationsAsync(station, id, Math.Max(20, count / 10));
        var raw = measured["raw"];
        section.Row("(a) raw binding, tight loop", Micros(raw.Median), Micros(raw.P99), "1.00", "baseline", "–");
        AddRow(section, "(b) Transmit asked of the reader actor", measured["actor"], raw, 1.10, "≤ 1.10");
        AddRow(section, "(c) plugin operation's channel (per APDU)", measured["pluginChannel"], raw, 1.15, "≤ 1.15");
        AddRow(section, "(d) HTTP API, keep-alive client (one socket, HTTP/1.1)", measured["http"], raw, 3.0, "≤ 3");
        section.Row("(extra) plugin operation of 1 APDU, end to end", Micros(operation.Median), Micros(operation.P99),
            Ratio(operation.Median / raw.Median), "none (Begin + Transmit + End + routing)", "–");
        var viaManager = measured["actorViaManager"];
        section.Row("(b) breakdown: Ask(ToReader) through the manager (the path of a caller in another process)",
            Micros(viaManager.Median), Micros(viaManager.P99), Ratio(viaManager.Median / raw.Median), "–", "–");
        var echo = measured["echoActor"];
        section.Row("(b) breakdown: Ask to an echo actor on the readers' dispatcher (no PC/SC)", Micros(echo.Median), Micros(echo.P99),
            "–", "–", "–");
        var floor = measured["httpFloor"];
        section.Row("(d) breakdown: same endpoint, APDU refused as malformed before any actor (ASP.NET + JSON)",
            Micros(floor.Median), Micros(floor.P99), Ratio(floor.Median / raw.Median), "–", "–");
        var httpClient = measured["httpClient"];
        section.Row("(d) breakdown: the transmit sent with .NET HttpClient (PostAsJsonAsync) instead",
            Micros(httpClient.Median), Micros(httpClient.P99), Ratio(httpClient.Median / raw.Median), "–", "–");
        var rawBatch = measured["rawBatch"];
        section.Row($"(e) raw binding, {BatchSize} APDUs inside one SCardBeginTransaction/End (per APDU)",
            Micros(rawBatch.Median), Micros(rawBatch.P99), Ratio(rawBatch.Median / raw.Median), "baseline of (e)", "–");
        AddRow(section, $"(e) HTTP POST /transaction of {BatchSize} APDUs, keep-alive client (per APDU, ratio to (e) raw)",
            measured["httpBatch"], rawBatch, 1.10, "≤ 1.10");
        var actorBatch = measured["actorBatch"];
        section.Row($"(e) breakdown: TransmitBatch of {BatchSize} (Atomic) asked of the reader actor (per APDU, ratio to (e) raw)",
            Micros(actorBatch.Median), Micros(actorBatch.P99), Ratio(actorBatch.Median / rawBatch.Median), "–", "–");
        section.Raw["batchSize"] = BatchSize;
        section.Raw["rounds"] = Rounds;
        foreach (var (key, latencies) in measured)
        {
            Store(section, key, latencies);
        }

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
}
