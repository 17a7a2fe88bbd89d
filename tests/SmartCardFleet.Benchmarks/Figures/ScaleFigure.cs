using System.Diagnostics;
using System.Text.Json.Nodes;
using SmartCardFleet.Benchmarks.Support;
using static SmartCardFleet.Benchmarks.Support.Format;

namespace SmartCardFleet.Benchmarks.Figures;

/// <summary>
/// Figure 4: the host of <c>fleet run --simulate N</c> in this process (reader actors on the shared ForkJoin
/// dispatcher, as the host configures simulated fleets): time until every reader actor answers, managed memory per
/// idle reader, events per second from churn on every reader delivered to an /api/events subscriber, and managed
/// memory sampled while 1,000,000 events go through (largest size only).
/// </summary>
public sealed class ScaleFigure(BenchOptions options)
{
    private const int Window = 100;

    public async Task RunAsync(ReportSection section)
    {
        foreach (var size in options.ScaleSizes)
        {
            await RunSizeAsync(section, size, churnEvents: size == options.ScaleSizes.Max() ? options.ChurnEvents : Math.Min(options.ChurnEvents, 100_000));
        }
    }

    private async Task RunSizeAsync(ReportSection section, int readers, long churnEvents)
    {
        var raw = new JsonObject { ["readers"] = readers };
        section.Raw[$"readers{readers}"] = raw;
        var before = MemoryProbe.ManagedAfterFullGc();
        var app = HostUnderBench.Build(readers);
        var built = MemoryProbe.ManagedAfterFullGc();
        var threadsBefore = MemoryProbe.ThreadCount();
        var start = Stopwatch.GetTimestamp();
        await using var host = await HostUnderBench.StartAsync(app);
        await host.WaitUntilReadyAsync(readers, TimeSpan.FromMinutes(2));
        var ready = Stopwatch.GetElapsedTime(start);
        var idle = MemoryProbe.ManagedAfterFullGc();
        var threads = MemoryProbe.ThreadCount();
        var perReader = (double)(idle - built) / readers;
        raw["readySeconds"] = ready.TotalSeconds;
        raw["managedBeforeHostBytes"] = before;
        raw["managedHostBuiltBytes"] = built;
        raw["managedIdleBytes"] = idle;
        raw["bytesPerIdleReader"] = perReader;
        raw["residentBytes"] = MemoryProbe.ResidentBytes();
        raw["threadsBeforeStart"] = threadsBefore;
        raw["threadsWhenReady"] = threads;

        var large = readers >= 10_000;
        section.Row($"{readers:N0} readers: time until every reader actor answers", Invariant($"{ready.TotalSeconds:0.00} s"),
            large ? "< 10 s" : "–", large ? Met(ready.TotalSeconds < 10) : "–");
        section.Row($"{readers:N0} readers: managed memory per idle reader", Bytes(perReader),
            large ? "< 50 KB" : "–", large ? Met(perReader < 50_000) : "–");
        section.Row($"{readers:N0} readers: process threads when ready", Invariant($"{threads} (before start: {threadsBefore})"), "pool, not one per reader",
            Met(threads - threadsBefore < Math.Min(readers, 200)));

        await RunChurnAsync(section, raw, host, readers, churnEvents, large);
    }

    private async Task RunChurnAsync(ReportSection section, JsonObject raw, HostUnderBench host, int readers, long events, bool large)
    {
        var baseline = await JournalAtRestAsync(host);
        await using var subscriber = new SseCounter(host.Address, baseline);
        await subscriber.Connected.WaitAsync(TimeSpan.FromSeconds(30));
        var driver = new ChurnDriver(host.SimulatedPcsc!, host.Journal, subscriber, Window, baseline);
        var samples = new List<(long Events, long Bytes)>();
        var nextSample = Math.Max(events / 20, 1);
        var sampleEvery = nextSample;
        var profileBefore = ThreadCpuProfile.Take();
        var start = Stopwatch.GetTimestamp();
        var running = driver.Start();
        while (subscriber.Received < events && Stopwatch.GetElapsedTime(start) < options.ChurnCap && !running.IsCompleted)
        {
            await Task.Delay(50);
            if (subscriber.Received >= nextSample)
            {
                samples.Add((subscriber.Received, MemoryProbe.ManagedAfterFullGc()));
                nextSample += sampleEvery;
            }
        }

        driver.Stop();
        await running;
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var profile = ThreadCpuProfile.Take().Since(profileBefore);
        var received = subscriber.Received;
        var journaled = host.Journal.LastId - baseline;
        var rate = received / seconds;
        samples.Add((received, MemoryProbe.ManagedAfterFullGc()));
        raw["churnChanges"] = driver.Changes;
        raw["eventsJournaled"] = journaled;
        raw["eventsPerChange"] = driver.Changes == 0 ? 0 : (double)journaled / driver.Changes;
        raw["eventsDelivered"] = received;
        raw["eventsLostBySubscriber"] = subscriber.Lost;
        raw["churnSeconds"] = seconds;
        raw["eventsPerSecond"] = rate;
        raw["subscriberReconnects"] = subscriber.Reconnects;
        raw["eventsByType"] = new JsonObject([.. subscriber.Types.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)t.Value))]);
        raw["memorySamples"] = new JsonArray([.. samples.Select(s => (JsonNode)new JsonObject { ["events"] = s.Events, ["managedBytes"] = s.Bytes })]);
        raw["cpuByThreadGroup"] = new JsonArray([.. profile.Take(10).Select(p => (JsonNode)new JsonObject
        {
            ["threads"] = p.Group, ["count"] = p.Threads, ["cpuSeconds"] = p.CpuSeconds, ["shareOfWall"] = p.CpuSeconds / seconds,
        })]);

        section.Row($"{readers:N0} readers: events/s from churn on every reader to an /api/events subscriber",
            Invariant($"{rate:#,0} ({received:#,0} events in {seconds:0.0} s; {subscriber.Reconnects} reconnects, {subscriber.Lost:#,0} lost)"),
            large ? "> 20,000/s" : "–", large ? Met(rate > 20_000 && subscriber.Lost == 0) : "–");
        section.Notes.Add(Invariant($"{readers:N0} readers, CPU by thread during the churn ({seconds:0.0} s wall, {Environment.ProcessorCount} cores): ") +
            ThreadCpuProfile.Describe(profile));
        if (large)
        {
            AddFlatMemoryRow(section, raw, readers, events, received, samples);
        }
    }

    /// <summary>Least-squares slope of managed memory over events, leaving out the first sample (warm-up: pools,
    /// JIT, the ring filling). Flat = the slope projects less than 16 MiB over a million events.</summary>
    private static void AddFlatMemoryRow(ReportSection section, JsonObject raw, int readers, long target, long received,
        List<(long Events, long Bytes)> samples)
    {
        var points = samples.Skip(1).ToList();
        if (points.Count < 3)
        {
            section.Row($"{readers:N0} readers: managed memory while events flow", "too few samples", "flat", "–");
            return;
        }

        var meanX = points.Average(p => (double)p.Events);
        var meanY = points.Average(p => (double)p.Bytes);
        var slope = points.Sum(p => (p.Events - meanX) * (p.Bytes - meanY)) / points.Sum(p => Math.Pow(p.Events - meanX, 2));
        var perMillion = slope * 1_000_000;
        raw["managedBytesPerMillionEvents"] = perMillion;
        var flat = perMillion < 16 << 20;
        section.Row(Invariant($"{readers:N0} readers: managed memory over {received:#,0} events ({points.Count} samples after warm-up)"),
            Invariant($"{Bytes(points.Min(p => p.Bytes))} … {Bytes(points.Max(p => p.Bytes))}, trend {(perMillion >= 0 ? "+" : "")}{Bytes(perMillion)} per million events"),
            Invariant($"flat over {target:#,0} events"), received >= target ? Met(flat) : Invariant($"**not reached** ({received:#,0} events)"));
    }

    /// <summary>Waits until the journal has taken every start-up event (ReaderAdded × N): its last id stops moving.</summary>
    private static async Task<long> JournalAtRestAsync(HostUnderBench host)
    {
        var last = host.Journal.LastId;
        while (true)
        {
            await Task.Delay(300);
            var now = host.Journal.LastId;
            if (now == last)
            {
                return now;
            }

            last = now;
        }
    }
}
