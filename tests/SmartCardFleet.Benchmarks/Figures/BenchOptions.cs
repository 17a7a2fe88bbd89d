using System.Globalization;

namespace SmartCardFleet.Benchmarks.Figures;

/// <summary>The options of <c>system</c>: smoke (seconds, simulated only, writes nothing) or the full run.</summary>
public sealed record BenchOptions
{
    public bool Smoke { get; init; }

    /// <summary>"auto" (real when pcscd can be started, else the real-fleet figures are not measured), "real", "none".</summary>
    public string RealFleet { get; init; } = "auto";

    public string MarkdownPath { get; init; } = "docs/benchmarks.md";

    public string JsonPath { get; init; } = "docs/benchmarks.json";

    public bool Micro { get; init; } = true;

    /// <summary>Reader counts of the scale figure.</summary>
    public IReadOnlyList<int> ScaleSizes { get; init; } = [1_000, 10_000];

    /// <summary>Events the flat-memory check drives through /api/events on the largest size.</summary>
    public long ChurnEvents { get; init; } = 1_000_000;

    public TimeSpan ChurnCap { get; init; } = TimeSpan.FromMinutes(5);

    public int RoundTrips { get; init; } = 5_000;

    public TimeSpan ParallelDuration { get; init; } = TimeSpan.FromSeconds(10);

    public int Insertions { get; init; } = 30;

    public TimeSpan IdleWindow { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>--soak: run the chaos soak on the real fleet for this long instead of the figures (Soak/SoakRun.cs).</summary>
    public TimeSpan? Soak { get; init; }

    /// <summary>The duration as given ("10m"), for the replay command the soak prints.</summary>
    public string? SoakText { get; init; }

    /// <summary>--seed: the soak's random seed (default: a fresh one, printed).</summary>
    public int? Seed { get; init; }

    /// <summary>Section keys to run (micro, roundTrip, allReaders, insertToIdentified, scale, footprint, cluster, audit, auditCost); the others are
    /// carried over from the existing JSON file so one figure can be re-measured (e.g. when pcscd becomes free).</summary>
    public IReadOnlySet<string> Only { get; init; } = AllSections;

    /// <summary>Every section, in the order of the report.</summary>
    public static IReadOnlyList<string> SectionOrder { get; } = ["micro", "roundTrip", "allReaders", "insertToIdentified", "scale", "footprint", "cluster", "audit", "auditCost"];

    public static IReadOnlySet<string> AllSections { get; } = new HashSet<string>(SectionOrder, StringComparer.Ordinal);

    public bool Runs(string section) => Only.Contains(section);

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            options = args[i] switch
            {
                "--smoke" => options with
                {
                    Smoke = true,
                    RealFleet = "none",
                    ScaleSizes = [200],
                    ChurnEvents = 4_000,
                    ChurnCap = TimeSpan.FromSeconds(20),
                    RoundTrips = 200,
                    ParallelDuration = TimeSpan.FromMilliseconds(500),
                    Insertions = 5,
                    IdleWindow = TimeSpan.FromSeconds(1),
                },
                "--out" => options with { MarkdownPath = Value(args, ++i, "--out") },
                "--json" => options with { JsonPath = Value(args, ++i, "--json") },
                "--real-fleet" => options with { RealFleet = Value(args, ++i, "--real-fleet") },
                "--no-micro" => options with { Micro = false },
                "--only" => options with { Only = Sections(Value(args, ++i, "--only")) },
                "--sizes" => options with { ScaleSizes = [.. Value(args, ++i, "--sizes").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))] },
                "--soak" => options with { SoakText = Value(args, i + 1, "--soak"), Soak = SmartCardFleet.Benchmarks.Soak.SoakPlan.ParseDuration(Value(args, ++i, "--soak")) },
                "--seed" => options with { Seed = int.Parse(Value(args, ++i, "--seed"), NumberStyles.None, CultureInfo.InvariantCulture) },
                "--churn-events" => options with { ChurnEvents = long.Parse(Value(args, ++i, "--churn-events"), CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"unknown option {args[i]}; see docs/benchmarks.md for the command line"),
            };
        }

        if (options.RealFleet is not ("auto" or "real" or "none"))
        {
            throw new ArgumentException("--real-fleet must be auto, real or none");
        }

        return options;
    }

    private static HashSet<string> Sections(string list)
    {
        var keys = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var unknown = keys.Except(AllSections).ToList();
        return unknown.Count == 0 ? keys : throw new ArgumentException($"--only: unknown section(s) {string.Join(", ", unknown)}; known: {string.Join(", ", AllSections)}");
    }

    private static string Value(IReadOnlyList<string> args, int index, string option) =>
        index < args.Count ? args[index] : throw new ArgumentException($"{option} needs a value");
}
