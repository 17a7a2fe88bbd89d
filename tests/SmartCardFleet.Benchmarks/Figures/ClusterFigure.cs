using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using SmartCardFleet.Benchmarks.Support;
using SmartCardFleet.Testing;
using static SmartCardFleet.Benchmarks.Support.Format;

namespace SmartCardFleet.Benchmarks.Figures;

/// <summary>
/// Figure 6 (issue 13), simulated part: a console process and 4 `fleet run --simulate` station processes on this
/// machine, joined on loopback with the console as seed. Measures, from the console's API: the time from the moment
/// the console shows the last station Up until its GET /api/readers lists every reader; the console's memory then;
/// kill -9 of one station until the console shows it Unreachable, and its restart until every reader is listed
/// again; then the stations restarted with fast card churn and the events per second an /api/events subscriber of
/// the console receives.
/// </summary>
public sealed class ClusterFigure(BenchOptions options)
{
    private const int Stations = 4;
    private const string ConsoleName = "bench-console";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan ChangeTimeout = TimeSpan.FromMinutes(2);
    private static readonly string[] Quiet = ["--Logging:LogLevel:Default=Warning"];

    private int ReadersPerStation => options.Smoke ? 25 : 2_500;

    private int Total => Stations * ReadersPerStation;

    public async Task RunAsync(ReportSection section)
    {
        var noPlugins = Directory.CreateTempSubdirectory("scf-bench-cluster-no-plugins-");
        var nodes = new List<FleetNodeProcess>();
        try
        {
            var console = Track(nodes, FleetNodeProcess.Console(ConsoleName, seed: null, Quiet));
            console.Start();
            await FleetWatch.UntilAsync("the console is Up", StartTimeout, console,
                async () => (await FleetWatch.StatusesAsync(console)).GetValueOrDefault(ConsoleName) == "Up");
            var stations = StartStations(nodes, console, "bench-station", noPlugins.FullName, churn: false);
            await MeasureListingAsync(section, console, stations);
            await MeasureKillAndRestartAsync(section, console, stations[^1]);
            foreach (var station in stations)
            {
                await station.TerminateAsync();
            }

            var churning = StartStations(nodes, console, "bench-churn", noPlugins.FullName, churn: true);
            // Up, not listed: under churn a station may miss the reader list's 5 s per-station limit.
            await FleetWatch.UntilAsync("the console shows every churning station Up", StartTimeout, console,
                async () => (await FleetWatch.StatusesAsync(console)) is var s && churning.All(c => s.GetValueOrDefault(c.Name) == "Up"));
            await MeasureChurnAsync(section, console);
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }

            noPlugins.Delete(recursive: true);
        }
    }

    private static FleetNodeProcess Track(List<FleetNodeProcess> nodes, FleetNodeProcess node)
    {
        nodes.Add(node);
        return node;
    }

    private List<FleetNodeProcess> StartStations(List<FleetNodeProcess> nodes, FleetNodeProcess console, string prefix, string plugins, bool churn)
    {
        var stations = Enumerable.Range(1, Stations).Select(i => Track(nodes, FleetNodeProcess.Station(
            $"{prefix}-{i.ToString(CultureInfo.InvariantCulture)}", ReadersPerStation, console,
            [
                $"--Station:Plugins:Directory={plugins}",
                // Churn: the station's load generator, 1,250 changes a second on random readers (about 3,100 events a
                // second per station, 12,500 offered in all); without: empty readers, nothing happens until the figure acts.
                $"--Station:Simulation:ChurnInterval={(churn ? "00:00:00.0008" : "00:00:00")}",
                $"--Station:Simulation:FillAtStart={(churn ? "true" : "false")}",
                .. Quiet,
            ]))).ToList();
        foreach (var station in stations)
        {
            station.Start();
        }

        return stations;
    }

    private async Task MeasureListingAsync(ReportSection section, FleetNodeProcess console, List<FleetNodeProcess> stations)
    {
        var names = stations.Select(s => s.Name).ToList();
        var lastUp = await FleetWatch.UntilAsync("the console shows every station Up", StartTimeout, console,
            async () => (await FleetWatch.StatusesAsync(console)) is var s && names.All(n => s.GetValueOrDefault(n) == "Up"));
        var listed = await FleetWatch.UntilAsync($"the console lists {Total:N0} readers", StartTimeout, console,
            () => FleetWatch.ListsAsync(console, Total));
        var seconds = Stopwatch.GetElapsedTime(lastUp, listed).TotalSeconds;
        var full = !options.Smoke;
        section.Row(Invariant($"{Stations} stations × {ReadersPerStation:N0} readers: last station Up → console lists all {Total:N0}"),
            Invariant($"{seconds:0.00} s"), full ? "< 10 s" : "–", full ? Met(seconds < 10) : "–");
        section.Raw["lastUpToListedSeconds"] = seconds;

        var list = new Latencies();
        for (var i = 0; i < 5; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var body = await console.Http.GetStringAsync("/api/readers");
            list.AddTicks(Stopwatch.GetTimestamp() - start);
            section.Raw["readerListBytes"] = body.Length;
        }

        section.Row(Invariant($"console GET /api/readers of {Total:N0} readers (median of 5)"),
            Invariant($"{list.Median / 1000:0.0} ms, {Bytes(section.Raw["readerListBytes"]!.GetValue<int>())}"), "–", "–");
        section.Raw["readerListMedianMs"] = list.Median / 1000;
        await AddMemoryRowAsync(section, console, "console memory with the fleet listed", "listedMemory");
    }

    private async Task MeasureKillAndRestartAsync(ReportSection section, FleetNodeProcess console, FleetNodeProcess victim)
    {
        var killed = Stopwatch.GetTimestamp();
        await victim.KillAsync();
        // Seen in GET /api/stations (the console's view, no station asked): a reader list asked while the failure
        // detector has not yet noticed waits for the dead station, and takes seconds at 10,000 readers.
        var unreachable = await FleetWatch.UntilAsync($"the console shows {victim.Name} Unreachable", ChangeTimeout, console,
            async () => (await FleetWatch.StatusesAsync(console)).GetValueOrDefault(victim.Name) == "Unreachable");
        var shown = Stopwatch.GetElapsedTime(killed, unreachable).TotalSeconds;
        var listedUnreachable = (await FleetWatch.ReaderCountsAsync(console)).Unreachable;
        section.Row("kill -9 of a station → the console shows it Unreachable (GET /api/stations)",
            Invariant($"{shown:0.00} s (the next GET /api/readers: {listedUnreachable:N0} of its {ReadersPerStation:N0} readers Unreachable)"),
            "< 5 s", Met(shown < 5));
        // Removed from membership, as GET /api/stations shows it, and not "its readers left the list": a station killed
        // before its directory entry reached the console never had readers there to leave, and restarting it while its
        // previous incarnation is still a member lands it in the window docs/cluster.md (restart on the same address)
        // describes, where the console's answers to the new incarnation can be lost until the old one is gone.
        var removed = await FleetWatch.UntilAsync($"the split brain resolver removes {victim.Name}", ChangeTimeout, console,
            async () => !(await FleetWatch.StatusesAsync(console)).ContainsKey(victim.Name));
        section.Row("kill -9 → the fleet removes it (split brain resolver, default stable-after 20 s)",
            Invariant($"{Stopwatch.GetElapsedTime(killed, removed).TotalSeconds:0.00} s"), "stable-after + a few s", "–");

        var restarted = Stopwatch.GetTimestamp();
        victim.Start();
        var back = await FleetWatch.UntilAsync($"the console lists {victim.Name}'s readers again", StartTimeout, console,
            () =>
            {
                victim.ThrowIfExited();
                return FleetWatch.ListsAsync(console, Total);
            },
            async () => $"console's stations: {await FleetWatch.DescribeStatusesAsync(console)}\n{victim.RecentOutput(40)}");
        var seconds = Stopwatch.GetElapsedTime(restarted, back).TotalSeconds;
        section.Row(Invariant($"restart of the killed station (same ports) → console lists all {Total:N0} again"),
            Invariant($"{seconds:0.00} s"), "< 10 s", Met(seconds < 10));
        section.Raw["killToUnreachableSeconds"] = shown;
        section.Raw["restartToListedSeconds"] = seconds;
    }

    private async Task MeasureChurnAsync(ReportSection section, FleetNodeProcess console)
    {
        await using var subscriber = new SseCounter(console.Address, 0);
        await subscriber.Connected.WaitAsync(TimeSpan.FromSeconds(30));
        // The first seconds replay the journal's backlog and warm the path: counted from after them.
        await Task.Delay(TimeSpan.FromSeconds(options.Smoke ? 1 : 3));
        var (received, lost, reconnects) = (subscriber.Received, subscriber.Lost, subscriber.Reconnects);
        var consoleCpu = console.CpuTime;
        var start = Stopwatch.GetTimestamp();
        await Task.Delay(options.Smoke ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(20));
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var consoleCpuSeconds = (console.CpuTime - consoleCpu).TotalSeconds;
        var events = subscriber.Received - received;
        var rate = events / seconds;
        var lostNow = subscriber.Lost - lost;
        var full = !options.Smoke;
        section.Row(Invariant($"events/s at a console /api/events subscriber, churn on {Stations} stations × {ReadersPerStation:N0} readers"),
            Invariant($"{rate:#,0} ({events:#,0} events in {seconds:0.0} s; {subscriber.Reconnects - reconnects} reconnects, {lostNow:#,0} lost)"),
            "≥ 10,000/s", full ? Met(rate >= 10_000 && lostNow == 0) : "–");
        // The stations share the machine's cores with the console: how much of a core the console itself spent on the
        // events it relayed says what it can carry when the stations run elsewhere.
        var perCoreSecond = consoleCpuSeconds > 0 ? events / consoleCpuSeconds : 0;
        section.Row("console CPU while relaying those events (deserialize the batches, journal, SSE)",
            Invariant($"{consoleCpuSeconds:0.00} CPU-s for {events:#,0} events: {1e6 * consoleCpuSeconds / Math.Max(events, 1):0.0} µs each, {perCoreSecond:#,0} events per CPU-second"),
            "≥ 10,000/s per core", full ? Met(perCoreSecond >= 10_000) : "–");
        section.Raw["churnConsoleCpuSeconds"] = consoleCpuSeconds;
        section.Raw["churnConsoleEventsPerCpuSecond"] = perCoreSecond;
        section.Raw["churnEventsPerSecond"] = rate;
        section.Raw["churnEventsLost"] = lostNow;
        section.Raw["churnEventsByType"] = new JsonObject([.. subscriber.Types.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)t.Value))]);
        await AddMemoryRowAsync(section, console, "console memory at the end of the churn", "churnMemory");
    }

    private static async Task AddMemoryRowAsync(ReportSection section, FleetNodeProcess console, string label, string key)
    {
        var rss = MemoryProbe.ResidentBytes(console.ProcessId ?? 0);
        var heap = await FleetWatch.GcHeapBytesAsync(console);
        section.Row(label, Invariant($"{Bytes(rss)} resident, GC heap {(heap is { } h ? Bytes(h) : "not exported by /metrics")}"), "–", "–");
        section.Raw[key] = new JsonObject { ["residentBytes"] = rss, ["gcHeapBytes"] = heap };
    }
}
