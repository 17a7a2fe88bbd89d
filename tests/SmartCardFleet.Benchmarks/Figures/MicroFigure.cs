using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using SmartCardFleet.Benchmarks.Micro;
using SmartCardFleet.Benchmarks.Support;
using static SmartCardFleet.Benchmarks.Support.Format;

namespace SmartCardFleet.Benchmarks.Figures;

/// <summary>The micro-benchmarks inside the system command: BenchmarkDotNet in this process (in-process emit
/// toolchain), ShortRun for the report and Dry for smoke. `micro` runs them with BenchmarkDotNet's own defaults.</summary>
public static class MicroFigure
{
    public static readonly Type[] Benchmarks =
        [typeof(ApduBenchmarks), typeof(AtrBenchmarks), typeof(AtrMatchBenchmarks), typeof(TlvBenchmarks), typeof(HexBenchmarks),
         typeof(ReceiveBufferBenchmarks)];

    public static void Run(ReportSection section, bool smoke)
    {
        var job = (smoke ? Job.Dry : Job.ShortRun).WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddLogger(smoke ? NullLogger.Instance : ConsoleLogger.Default)
            .AddColumnProvider(DefaultConfig.Instance.GetColumnProviders().ToArray())
            .WithOptions(ConfigOptions.DisableLogFile | ConfigOptions.JoinSummary);
        if (smoke)
        {
            // Smoke proves the code paths and may run on a Debug build; real figures come from Release only.
            config = config.WithOptions(ConfigOptions.DisableOptimizationsValidator);
        }
        var summaries = BenchmarkRunner.Run(Benchmarks, config);
        foreach (var summary in summaries)
        {
            foreach (var report in summary.Reports)
            {
                var name = $"{report.BenchmarkCase.Descriptor.Type.Name}: {report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo}";
                if (!report.Success || report.ResultStatistics is null)
                {
                    section.Row(name, "failed", "–", "–");
                    throw new InvalidOperationException($"micro-benchmark {name} failed");
                }

                var median = report.ResultStatistics.Median;
                var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
                section.Row(name, Nanos(median), Nanos(report.ResultStatistics.Percentiles.P95), Bytes(allocated));
                section.Raw[name] = new global::System.Text.Json.Nodes.JsonObject
                {
                    ["medianNs"] = median,
                    ["meanNs"] = report.ResultStatistics.Mean,
                    ["p95Ns"] = report.ResultStatistics.Percentiles.P95,
                    ["allocatedBytesPerOp"] = allocated,
                    ["iterations"] = report.ResultStatistics.N,
                };
            }
        }
    }

    private static string Nanos(double value) => value >= 10_000 ? Micros(value / 1000) : Number(value, "#,0.0") + " ns";
}
