using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Benchmarks.Support;

namespace SmartCardFleet.Benchmarks.Figures;

/// <summary>
/// The `system` command: runs the micro-benchmarks and the five figures of issue 6 in one run, then writes
/// docs/benchmarks.md and docs/benchmarks.json (not in smoke mode). A figure that cannot run now is written as
/// "not measured" with the reason; a code path that fails makes the run fail (exit code 1).
/// </summary>
public static partial class SystemBench
{
    public const string AnalysisMarker = "<!-- Analysis below is written by hand and kept when the command rewrites this file. -->";

    public static async Task<int> RunAsync(BenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var started = DateTimeOffset.UtcNow;
        var report = new BenchReport();
        MachineInfo.Describe(report.Machine, started);
        Console.WriteLine($"bench: {(options.Smoke ? "smoke" : "full")} run, {Environment.ProcessorCount} CPUs, load {MachineInfo.LoadAverage()}");

        await Step(report, "index check", () => CheckIndexAgreesWithLinearScan(report));
        if (options.Micro && options.Runs("micro"))
        {
            var micro = report.Add(new ReportSection("micro", "Micro-benchmarks (BenchmarkDotNet 0.15.8, in-process, " +
                (options.Smoke ? "Dry" : "ShortRun") + ")", "benchmark", "median", "p95", "allocated/op"));
            await Step(report, "micro-benchmarks", () => MicroFigure.Run(micro, options.Smoke));
        }

        if (options.Runs("roundTrip") || options.Runs("allReaders") || options.Runs("insertToIdentified"))
        {
            await RunFleetFiguresAsync(report, options);
        }

        if (options.Runs("scale"))
        {
            var scale = report.Add(new ReportSection("scale", "4. Scale on the simulated PC/SC (host in this process, /api/events subscriber)",
                "measure", "value", "target (10,000 readers)", "status"));
            await Step(report, "figure 4 (scale)", () => new ScaleFigure(options).RunAsync(scale));
        }

        if (options.Runs("footprint"))
        {
            await RunFootprintAsync(report, options);
        }

        if (options.Runs("cluster"))
        {
            await RunClusterAsync(report, options);
        }

        if (options.Runs("audit"))
        {
            var audit = report.Add(new ReportSection("audit", "7. Audit journal: records per second through IAuditJournal until flushed",
                "engine", "records", "until flushed", "records/s", "caller's cost per Record", "target", "status"));
            await Step(report, "figure 7 (audit records/s)", () => new AuditFigure(options).RunAsync(audit));
        }

        if (options.Runs("auditCost"))
        {
            var auditCost = report.Add(new ReportSection("auditCost",
                "8. APDU round trip over HTTP with the audit journal on and off (simulated PC/SC, SQLite)",
                "path", "median", "p99", "difference to audit off (medians)", "target", "status"));
            await Step(report, "figure 8 (audit cost)", () => new AuditCostFigure(options).RunAsync(auditCost));
        }

        if (!options.Smoke)
        {
            CarryOver(report, options.JsonPath);
        }

        report.Machine["loadAverageAtEnd"] = MachineInfo.LoadAverage();
        report.Machine["durationSeconds"] = (DateTimeOffset.UtcNow - started).TotalSeconds;
        var markdown = ReportWriter.Markdown(report, Header(report, options), options.Smoke ? "" : KeptAnalysis(options.MarkdownPath));
        if (options.Smoke)
        {
            Console.WriteLine(markdown);
        }
        else
        {
            await File.WriteAllTextAsync(options.MarkdownPath, markdown);
            await File.WriteAllTextAsync(options.JsonPath, ReportWriter.Json(report));
            Console.WriteLine($"bench: wrote {options.MarkdownPath} and {options.JsonPath}");
        }

        foreach (var failure in report.Failures)
        {
            Console.Error.WriteLine($"bench: FAILED: {failure}");
        }

        Console.WriteLine(report.Failures.Count == 0 ? "bench: every code path worked" : $"bench: {report.Failures.Count} step(s) failed");
        return report.Failures.Count == 0 ? 0 : 1;
    }

    private static async Task RunFleetFiguresAsync(BenchReport report, BenchOptions options)
    {
        var why = options.RealFleet == "none" ? NoRealFleet(options) : RealBenchFleet.WhyUnavailable();
        if (why is not null && options.RealFleet == "real")
        {
            report.Failures.Add($"--real-fleet real, but the real fleet cannot start: {why}");
        }

        var sections = FleetSections(why is null ? "real fleet" : "simulated PC/SC");
        if (why is not null)
        {
            foreach (var section in sections)
            {
                section.NotMeasured("on the real fleet", why);
            }
        }

        IBenchFleet fleet;
        try
        {
            fleet = why is null ? RealBenchFleet.Start() : new SimulatedBenchFleet(options.Smoke ? 4 : 16);
        }
        catch (InvalidOperationException e)
        {
            report.Failures.Add($"real fleet did not start: {e.Message}");
            fleet = new SimulatedBenchFleet(16);
        }

        await using (fleet)
        {
            report.Machine["fleet"] = fleet.Description;
            if (options.Runs("roundTrip"))
            {
                await Step(report, "figure 1 (round trip)", () => new RoundTripFigure(fleet, options).RunAsync(Add(report, sections[0])));
            }

            if (options.Runs("allReaders"))
            {
                await Step(report, "figure 2 (all readers)", () => new ParallelFigure(fleet, options).RunAsync(Add(report, sections[1])));
            }

            if (options.Runs("insertToIdentified"))
            {
                await Step(report, "figure 3 (insert → identified)", () => new IdentifyFigure(fleet, options).RunAsync(Add(report, sections[2])));
            }
        }
    }

    private static ReportSection[] FleetSections(string where) =>
    [
        new("roundTrip", $"1. APDU round trip, one reader, same card ({where})", "path", "median", "p99", "ratio to raw (medians)", "target", "status"),
        new("allReaders", $"2. All readers at once, one requester per reader ({where})", "path", "aggregate", "ratio to raw", "target", "status"),
        new("insertToIdentified", $"3. Card inserted → identified ({where})", "measure", "median", "p99", "target", "status"),
    ];

    private static async Task RunFootprintAsync(BenchReport report, BenchOptions options)
    {
        var section = report.Add(new ReportSection("footprint", "5. Host footprint: `fleet run` as its own process",
            "run", "start-up (every reader answers, /readyz 200)", "resident memory", "idle CPU", "target", "status"));
        var footprint = new FootprintFigure(options);
        var why = options.RealFleet == "none" ? NoRealFleet(options) : RealBenchFleet.WhyUnavailable();
        if (why is null)
        {
            await Step(report, "figure 5 (real)", async () =>
            {
                await using var fleet = RealBenchFleet.Start();
                for (var i = 0; i < fleet.ReaderNames.Count; i++)
                {
                    await fleet.InsertAsync(i, BenchCards.NewStorageCard(500 + i));
                }

                await footprint.RunAsync(section, "16 real readers with cards (pcscd + vpcd), shipped plugins", fleet.ReaderNames.Count,
                    FootprintFigure.ShippedPlugins);
            });
        }
        else
        {
            section.NotMeasured("`fleet run` with 16 real readers", why);
        }

        await Step(report, "figure 5 (simulated)", () => footprint.RunAsync(section, "--simulate 16 (no churn), shipped plugins", 16,
            "--simulate", "16", FootprintFigure.ShippedPlugins));
        await Step(report, "figure 5 (idle floor)", async () =>
        {
            await footprint.MeasureIdleProbeAsync(section, "diagnostic: empty .NET process", "none");
            await footprint.MeasureIdleProbeAsync(section, "diagnostic: bare ActorSystem, nothing scheduled", "akka", "10");
            await footprint.MeasureIdleProbeAsync(section, "diagnostic: bare ActorSystem, one message scheduled in 1 h, tick 10 ms (default)", "akka", "10", "pending");
            await footprint.MeasureIdleProbeAsync(section, "diagnostic: bare ActorSystem, one message scheduled in 1 h, tick 100 ms", "akka", "100", "pending");
        });
    }

    private static async Task RunClusterAsync(BenchReport report, BenchOptions options)
    {
        var section = report.Add(new ReportSection("cluster", "6. One fleet on Akka.Cluster: `fleet run` processes on this machine, seen from a console process",
            "measure", "value", "target", "status"));
        await Step(report, "figure 6 (cluster, simulated)", () => new ClusterFigure(options).RunAsync(section));
        var why = options.RealFleet == "none" ? NoRealFleet(options) : RealBenchFleet.WhyUnavailable();
        if (why is null)
        {
            await Step(report, "figure 6 (cluster, real fleet)", () => new ClusterTransmitFigure(options).RunAsync(section));
        }
        else
        {
            section.NotMeasured("transmit through the console to a real reader", why);
        }
    }

    private static ReportSection Add(BenchReport report, ReportSection section) => report.Add(section);

    private static string NoRealFleet(BenchOptions options) => options.Smoke
        ? "smoke mode runs on the simulated PC/SC only"
        : "the run was told --real-fleet none (pcscd was not free for this run to start its own)";

    private static async Task Step(BenchReport report, string name, Func<Task> step)
    {
        Console.WriteLine($"bench: {name} (load {MachineInfo.LoadAverage()})");
        try
        {
            await step();
        }
        catch (Exception e)
        {
            report.Failures.Add($"{name}: {e.GetType().Name}: {e.Message}");
            Console.Error.WriteLine(e);
        }
    }

    private static Task Step(BenchReport report, string name, Action step) => Step(report, name, () =>
    {
        step();
        return Task.CompletedTask;
    });

    private static void CheckIndexAgreesWithLinearScan(BenchReport report)
    {
        var patterns = AtrPatternSet.Create(5000);
        var index = new AtrPatternIndex(patterns);
        var probes = patterns.Where((_, i) => i % 50 == 0).Select(p => p.Atr.ToArray()).Append(AtrPatternSet.Card.Bytes.ToArray());
        foreach (var atr in probes)
        {
            var linear = patterns.Where(p => p.Matches(atr)).MaxBy(p => p.Specificity);
            if (!Equals(linear, index.BestMatch(atr)))
            {
                throw new InvalidOperationException($"the ATR index prototype disagrees with the linear scan for {Convert.ToHexString(atr)}");
            }
        }

        _ = report;
    }
}
