using System.Diagnostics;
using System.Security.Cryptography;
using SmartCardFleet.Benchmarks.Figures;
using SmartCardFleet.Benchmarks.Support;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Host.Simulation;
using SmartCardFleet.Testing;
using static SmartCardFleet.Benchmarks.Support.Format;

namespace SmartCardFleet.Benchmarks.Soak;

/// <summary>
/// <c>system --soak &lt;duration&gt;</c>: the real test fleet (pcscd + 16 vpcd readers, started by the same launcher as
/// the real-fleet figures and the integration tests) under the real station (the `fleet` WebApplication in this
/// process, with the shipped plugins from a private copy) while <see cref="SoakStorm"/> runs and
/// <see cref="SoakClient"/>s send requests over loopback. Checks the invariants of docs/benchmarks.md ("Soak") and
/// exits 1 with the list of violations when one broke, 0 otherwise.
/// </summary>
internal static class SoakRun
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        var plan = new SoakPlan(options.Soak ?? throw new ArgumentException("--soak needs a duration"),
            options.Seed ?? RandomNumberGenerator.GetInt32(int.MaxValue));
        var command = Invariant($"system --soak {options.SoakText} --seed {plan.Seed}");
        Console.WriteLine(Invariant($"soak: seed {plan.Seed}, {plan.Duration}, {plan.Clients} clients, {plan.PcscdKills} pcscd kills, {plan.PluginReloads} plugin reloads; replay: {command}"));
        if (RealBenchFleet.WhyUnavailable() is { } why)
        {
            Console.Error.WriteLine($"soak: FAILED: the soak runs on the real fleet, which cannot start here: {why}");
            return 1;
        }

        var started = DateTimeOffset.UtcNow;
        var tally = new SoakTally(plan.AnswerDeadline);
        await using var fleet = RealBenchFleet.Start();
        using var plugins = PluginFolders.Copy(RepositoryPaths.ShippedPlugins);
        var settings = new Dictionary<string, string?>
        {
            ["Station:OperationTimeout"] = plan.OperationTimeout.ToString(),
            ["Logging:LogLevel:Default"] = "Error",
        };
        await using var host = await HostUnderBench.StartAsync(HostUnderBench.Build(null, plugins.Directory, settings));
        var probe = new StationProbe(host.Http);
        var slots = new SoakSlots(fleet, [.. fleet.ReaderNames.Select(n => ReaderId.FromReaderName(n).Value)]);
        // A real /api/events subscriber through the storm (it reconnects with Last-Event-ID when dropped); its counts
        // show the reloads, outages and card events the station published.
        await using var events = new SseCounter(host.Address, host.Journal.LastId);
        await events.Connected.WaitAsync(plan.RecoveryLimit);

        // Every reader gets a card, every card must be identified: the state the end is compared with.
        if (!await FillAndSettleAsync(plan, slots, probe, tally, "at the start"))
        {
            return Report(new SoakReport.Inputs(plan, command, started, tally, events));
        }

        await RunClientsAsync(plan, host.Address, slots, new SoakTally(plan.AnswerDeadline), plan.WarmUp);
        var baseline = await SettledCountsAsync(plan, fleet, null);
        Console.WriteLine($"soak: baseline {baseline.Describe()}");

        var storm = new SoakStorm(plan, fleet, slots, plugins, probe, tally);
        var stopped = false;
        var clients = Enumerable.Range(0, plan.Clients).Select(i => new SoakClient(i, plan, host.Address, slots, tally)).ToList();
        Task[] traffic;
        await using (var memory = new MemorySampler(plan.SampleInterval))
        {
            using (var progress = Progress(plan, tally, storm))
            {
                traffic = [.. clients.Select(c => c.RunAsync(() => !Volatile.Read(ref stopped)))];
                await storm.RunAsync();
                Volatile.Write(ref stopped, true);
            }

            var stormEnded = Stopwatch.GetTimestamp();
            var endOfStorm = await CheckEndOfStormAsync(plan, slots, probe, tally, stormEnded);
            if (!await AllEndAsync(traffic, plan.AnswerDeadline * 2))
            {
                tally.Violate("client loops did not end after the storm", "a request is still waiting");
            }

            await FillAndSettleAsync(plan, slots, probe, tally, "after refilling the emptied readers");
            var after = await SettledCountsAsync(plan, fleet, baseline);
            Judge(plan, tally, baseline, after, memory);
            return Report(new SoakReport.Inputs(plan, command, started, tally, events)
            {
                Storm = storm,
                Start = baseline,
                End = after,
                Memory = memory,
                EndOfStorm = endOfStorm,
            });
        }
    }

    /// <summary>Inserts a card of a seeded type into every empty reader and waits until each is attached and identified.</summary>
    private static async Task<bool> FillAndSettleAsync(SoakPlan plan, SoakSlots slots, StationProbe probe, SoakTally tally, string when)
    {
        var random = new Random(plan.Seed);
        var refill = Enumerable.Range(0, slots.Count).Where(r => !slots.IsPresent(r)).ToList();
        while (refill.Count > 0)
        {
            foreach (var reader in slots.Refillable(plan.RefillDelay).Where(refill.Contains).ToList())
            {
                await slots.InsertAsync(reader, VirtualCardCatalog.Types[(reader + random.Next(4)) % VirtualCardCatalog.Types.Count], 100 + reader);
                refill.Remove(reader);
            }

            await Task.Delay(50);
        }

        var settled = await probe.WaitSettledAsync(slots.ReaderIds, Enumerable.Range(0, slots.Count).ToHashSet(),
            Stopwatch.GetTimestamp(), plan.RecoveryLimit);
        var stuck = settled.Where(s => s.Value.After is null).ToList();
        foreach (var (reader, (_, state)) in stuck)
        {
            tally.Violate(Invariant($"reader stuck {when}: card not attached and identified within {plan.RecoveryLimit.TotalSeconds:0} s"),
                $"{slots.ReaderNames[reader]} ({state})");
        }

        return stuck.Count == 0;
    }

    /// <summary>The rule of the issue: every card present when the storm ends is attached and identified within 2 s,
    /// and every empty reader shows no card. Recovery times are followed further to report how late a late one was.</summary>
    private static async Task<List<SoakReport.ReaderEnd>> CheckEndOfStormAsync(SoakPlan plan, SoakSlots slots, StationProbe probe, SoakTally tally, long stormEnded)
    {
        var present = slots.Present.ToHashSet();
        var settled = await probe.WaitSettledAsync(slots.ReaderIds, present, stormEnded, plan.RecoveryLimit);
        var ends = new List<SoakReport.ReaderEnd>();
        foreach (var (reader, (after, state)) in settled.OrderBy(s => s.Key))
        {
            ends.Add(new SoakReport.ReaderEnd(slots.ReaderNames[reader], present.Contains(reader), after, state));
            if (after is null || after > plan.IdentifiedWithin)
            {
                tally.Violate(Invariant($"reader not settled within {plan.IdentifiedWithin.TotalSeconds:0} s after the storm (card present: attached and identified; no card: NoCard)"),
                    Invariant($"{slots.ReaderNames[reader]} card {(present.Contains(reader) ? "present" : "absent")}: ") +
                    (after is null ? Invariant($"still {state} after {plan.RecoveryLimit.TotalSeconds} s") : Invariant($"{after.Value.TotalSeconds:0.00} s")));
            }
        }

        return ends;
    }

    private static async Task RunClientsAsync(SoakPlan plan, Uri station, SoakSlots slots, SoakTally tally, TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        var clients = Enumerable.Range(0, plan.Clients).Select(i => new SoakClient(i, plan, station, slots, tally));
        await Task.WhenAll(clients.Select(c => c.RunAsync(() => clock.Elapsed < duration)));
    }

    private static async Task<bool> AllEndAsync(Task[] tasks, TimeSpan limit)
    {
        try
        {
            await Task.WhenAll(tasks).WaitAsync(limit);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Counts once threads and descriptors are back within the slack of <paramref name="baseline"/> (pools
    /// retire idle threads, closed sockets go), or when the plan's settle limit passed; without a baseline after 2 s.</summary>
    private static async Task<ProcessCounts> SettledCountsAsync(SoakPlan plan, RealBenchFleet fleet, ProcessCounts? baseline)
    {
        await Task.Delay(TimeSpan.FromSeconds(2));
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var counts = ProcessCounts.Take(fleet.DaemonProcessId);
            if (baseline is null || counts.Settled(baseline, plan) || clock.Elapsed > plan.SettleLimit)
            {
                return counts;
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private static void Judge(SoakPlan plan, SoakTally tally, ProcessCounts start, ProcessCounts end, MemorySampler memory)
    {
        if (end.Threads > start.Threads + plan.ThreadSlack)
        {
            tally.Violate("thread leak", Invariant($"{start.Threads} threads at the start, {end.Threads} at the end after settling (slack {plan.ThreadSlack})"));
        }

        if (end.Descriptors > start.Descriptors + plan.DescriptorSlack)
        {
            tally.Violate("file descriptor / PC/SC context leak (this process)",
                Invariant($"{start.Descriptors} fds ({start.Sockets} sockets) at the start, {end.Descriptors} ({end.Sockets}) at the end (slack {plan.DescriptorSlack})"));
        }

        if (start.PcscdDescriptors >= 0 && end.PcscdDescriptors > start.PcscdDescriptors + plan.DescriptorSlack)
        {
            tally.Violate("PC/SC context leak (pcscd's descriptors)",
                Invariant($"pcscd had {start.PcscdDescriptors} fds at the start, {end.PcscdDescriptors} at the end (slack {plan.DescriptorSlack})"));
        }

        if (end.LoadContexts > start.LoadContexts)
        {
            tally.Violate("plugin versions not unloaded (assembly load contexts leak)",
                Invariant($"{start.LoadContexts} load contexts at the start, {end.LoadContexts} at the end after settling"));
        }

        if (end.ManagedBytes > start.ManagedBytes + plan.ManagedSlackBytes)
        {
            tally.Violate("managed memory grew", Invariant($"{Bytes(start.ManagedBytes)} at the start, {Bytes(end.ManagedBytes)} at the end (slack {Bytes(plan.ManagedSlackBytes)}); slope during the storm {Bytes(memory.SlopePerMinute().Managed)}/min"));
        }
    }

    private static IDisposable Progress(SoakPlan plan, SoakTally tally, SoakStorm storm)
    {
        var clock = Stopwatch.StartNew();
        return new Timer(_ => Console.WriteLine(Invariant(
                $"soak: {clock.Elapsed.TotalSeconds:0} s of {plan.Duration.TotalSeconds:0}: {tally.Requests:#,0} requests, {tally.Violations.Sum(v => v.Count):#,0} violations, {storm["pcscd kill -9"]} kills, {storm["yank happened mid-command"]} yanks")),
            null, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
    }

    private static int Report(SoakReport.Inputs inputs)
    {
        var markdown = SoakReport.Markdown(inputs);
        Console.WriteLine(markdown);
        var path = Path.Combine(RepositoryPaths.Artifacts, "soak", $"soak-{inputs.Started:yyyyMMdd-HHmmss}.md");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, markdown);
        var violations = inputs.Tally.Violations;
        foreach (var violation in violations)
        {
            Console.Error.WriteLine(Invariant($"soak: VIOLATION ×{violation.Count}: {violation.Kind}"));
            foreach (var sample in violation.Samples)
            {
                Console.Error.WriteLine($"soak:     e.g. {sample}");
            }
        }

        Console.WriteLine(violations.Count == 0
            ? $"soak: every invariant held (seed {inputs.Plan.Seed}; report in {path})"
            : Invariant($"soak: {violations.Count} invariant(s) broken, {violations.Sum(v => v.Count):#,0} times (seed {inputs.Plan.Seed}; replay: {inputs.Command}; report in {path})"));
        return violations.Count == 0 ? 0 : 1;
    }
}
