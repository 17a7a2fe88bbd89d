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
    private const int Window = 200;

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
        await using var subscriber = new SseCounter(host.Address);
        await subscriber.Connected.WaitAsync(TimeSpan.FromSeconds(30));
        var driver = new ChurnDriver(host.SimulatedPcsc!, host.Journal, subscriber, Window);
        var samples = new JsonArray();
        var nextSample = 0L;
        var sampleEvery = Math.Max(events / 10, 1);
        var start = Stopwatch.GetTimestamp();
        var running = driver.Start();
        long? firstSample = null;
        long lastSample = 0;
        while (subscriber.Received < events && Stopwatch.GetElapsedTime(start) < options.ChurnCap && !running.IsCompleted)
        {
            await Task.Delay(50);
            if (subscriber.Received >= nextSample)
            {
                lastSample = MemoryProbe.ManagedAfterFullGc();
                firstSample ??= lastSample;
                samples.Add(new JsonObject { ["events"] = subscriber.Received, ["managedBytes"] = lastSample });
                nextSample += sampleEvery;
            }
        }

        driver.Stop();
        await running;
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var received = subscriber.Received;
        var rate = received / seconds;
        var final = MemoryProbe.ManagedAfterFullGc();
        samples.Add(new JsonObject { ["events"] = received, ["managedBytes"] = final });
        raw["churnChanges"] = driver.Changes;
        raw["eventsDelivered"] = received;
        raw["churnSeconds"] = seconds;
        raw["eventsPerSecond"] = rate;
        raw["subscriberReconnects"] = subscriber.Reconnects;
        raw["memorySamples"] = samples;

        section.Row($"{readers:N0} readers: events/s from churn on every reader to an /api/events subscriber",
            Invariant($"{rate:#,0} ({received:#,0} events in {seconds:0.0} s, {subscriber.Reconnects} reconnects)"),
            large ? "> 20,000/s" : "–", large ? Met(rate > 20_000) : "–");
        if (large)
        {
            var growth = final - (firstSample ?? final);
            var flat = received >= events && growth < Math.Max(0.1 * (firstSample ?? 0), 8 << 20);
            raw["managedGrowthBytes"] = growth;
            section.Row(Invariant($"{readers:N0} readers: managed memory over {received:#,0} events (first → last sample)"),
                Invariant($"{Bytes(firstSample ?? final)} → {Bytes(final)} ({(growth >= 0 ? "+" : "")}{Bytes(growth)})"),
                Invariant($"flat after {events:#,0} events"), received >= events ? Met(flat) : Invariant($"**not reached** ({received:#,0} events)"));
        }
    }
}
