using BenchmarkDotNet.Running;
using SmartCardFleet.Benchmarks.Figures;
using SmartCardFleet.Benchmarks.Soak;

// micro  [BenchmarkDotNet arguments]   BenchmarkDotNet's own runner over the micro-benchmarks (e.g. --filter '*').
// system [--smoke] [--out md] [--json json] [--real-fleet auto|real|none] [--no-micro] [--sizes 1000,10000]
//        [--churn-events N]            the figures of issue 6; --smoke runs seconds on the simulated PC/SC, writes nothing.
// system --soak 10m [--seed N]         the chaos soak on the real fleet (issue 10); exit 1 when an invariant broke.
if (args.Length > 0 && args[0] == "micro")
{
    BenchmarkSwitcher.FromTypes(MicroFigure.Benchmarks).Run(args[1..]);
    return 0;
}

if (args.Length > 0 && args[0] == "idle-probe")
{
    return IdleProbe.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "system")
{
    try
    {
        var options = BenchOptions.Parse(args[1..]);
        return options.Soak is null ? await SystemBench.RunAsync(options) : await SoakRun.RunAsync(options);
    }
    catch (ArgumentException e)
    {
        Console.Error.WriteLine($"bench: {e.Message}");
        return 2;
    }
}

Console.Error.WriteLine("usage: SmartCardFleet.Benchmarks micro [BenchmarkDotNet args] | system [--smoke] [--out docs/benchmarks.md] [--json docs/benchmarks.json] [--real-fleet auto|real|none] [--no-micro] [--sizes 1000,10000] [--churn-events N] | system --soak 10m [--seed N]");
return 2;
