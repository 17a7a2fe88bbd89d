using System.Runtime.InteropServices;
using System.Text;
using SmartCardFleet.Benchmarks.Support;
using static SmartCardFleet.Benchmarks.Support.Format;

namespace SmartCardFleet.Benchmarks.Soak;

/// <summary>The soak's figures as a Markdown section, in the shape docs/benchmarks.md keeps them ("Soak").</summary>
internal static class SoakReport
{
    /// <summary>One reader when the storm ended: whether its card was in, how long until it settled, its last state.</summary>
    public sealed record ReaderEnd(string Reader, bool CardPresent, TimeSpan? After, string State);

    public sealed record Inputs(SoakPlan Plan, string Command, DateTimeOffset Started, SoakTally Tally, SseCounter Events)
    {
        public SoakStorm? Storm { get; init; }

        public ProcessCounts? Start { get; init; }

        public ProcessCounts? End { get; init; }

        public MemorySampler? Memory { get; init; }

        public IReadOnlyList<ReaderEnd> EndOfStorm { get; init; } = [];
    }

    public static string Markdown(Inputs run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var (plan, tally) = (run.Plan, run.Tally);
        var text = new StringBuilder();
        text.AppendLine(Invariant($"## Soak: {plan.Duration.TotalMinutes:0.##} min of chaos on the real fleet"));
        text.AppendLine();
        text.AppendLine(Invariant($"- Date: {run.Started:yyyy-MM-dd HH:mm} UTC, run took {(DateTimeOffset.UtcNow - run.Started).TotalSeconds:0} s; seed {plan.Seed}"));
        text.AppendLine(Invariant($"- Command: `flock /tmp/scf-pcscd.lock tests/SmartCardFleet.Benchmarks/run-bench.sh {run.Command["system ".Length..]}`"));
        text.AppendLine(Invariant($"- Machine: {Environment.ProcessorCount} CPUs ({MachineInfo.CpuModel()}), {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}; load at end {MachineInfo.LoadAverage()}"));
        text.AppendLine(Invariant($"- Station: the `fleet` WebApplication in the bench process with the shipped plugins, Station:OperationTimeout {plan.OperationTimeout.TotalSeconds:0} s; {plan.Clients} HTTP clients on loopback give up after {plan.AnswerDeadline.TotalSeconds:0} s"));
        if (run.Storm is { } storm)
        {
            text.AppendLine("- Storm: " + string.Join(", ", storm.Counts.Select(c => Invariant($"{c.Key} ×{c.Value:#,0}"))));
        }

        text.AppendLine(Invariant($"- Station events seen by an /api/events subscriber ({run.Events.Reconnects} reconnects after being dropped, {run.Events.Lost} lost): ") +
            string.Join(", ", run.Events.Types.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => Invariant($"{c.Key} {c.Value:#,0}"))));
        text.AppendLine();
        AppendRequests(text, tally);
        AppendRecoveries(text, plan, run);
        AppendCounts(text, run);
        AppendViolations(text, tally);
        return text.ToString();
    }

    private static void AppendRequests(StringBuilder text, SoakTally tally)
    {
        text.AppendLine("| requests | 2xx | 4xx | 5xx (503 during PC/SC outages) | no answer | median | p99 | max (what) |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        text.AppendLine(Invariant($"| {tally.Requests:#,0} | {tally.ByClass('2'):#,0} | {tally.ByClass('4'):#,0} | {tally.ByClass('5'):#,0} ({tally.ServiceUnavailableInOutage:#,0} in {tally.Outages} outages) | {tally.ByClass('n'):#,0} | ≤ {Millis(tally.Latencies.PercentileMillis(50))} | ≤ {Millis(tally.Latencies.PercentileMillis(99))} | {Millis(tally.MaxLatency.TotalMilliseconds)} ({tally.MaxLatencyWhat}) |"));
        text.AppendLine();
        text.AppendLine("Answers by status and reason: " + string.Join(", ", tally.Answers.Select(a => Invariant($"{a.Key} ×{a.Value:#,0}"))));
        text.AppendLine();
        foreach (var (key, detail) in tally.Examples)
        {
            text.AppendLine($"- {key}, e.g.: {detail}");
        }

        text.AppendLine();
    }

    private static void AppendRecoveries(StringBuilder text, SoakPlan plan, Inputs run)
    {
        text.AppendLine("| recovery | count | median | max |");
        text.AppendLine("|---|---|---|---|");
        if (run.Storm is { } storm)
        {
            Row(text, "pcscd restarted → station ready (/readyz 200)", storm.StationRecoveries);
            Row(text, "pcscd restarted → every present card attached and identified again", storm.CardRecoveries);
        }

        var present = new Latencies();
        present.AddRange(run.EndOfStorm.Where(r => r.CardPresent && r.After is not null).Select(r => r.After!.Value.TotalMicroseconds));
        Row(text, Invariant($"end of storm → card attached and identified (limit {plan.IdentifiedWithin.TotalSeconds:0} s), per reader with a card"), present);
        var empty = new Latencies();
        empty.AddRange(run.EndOfStorm.Where(r => !r.CardPresent && r.After is not null).Select(r => r.After!.Value.TotalMicroseconds));
        Row(text, "end of storm → empty reader shows NoCard", empty);
        text.AppendLine();
        var late = run.EndOfStorm.Where(r => r.After is null || r.After > plan.IdentifiedWithin).ToList();
        if (late.Count > 0)
        {
            text.AppendLine("Late or stuck at the end: " + string.Join(", ", late.Select(r =>
                Invariant($"{r.Reader} ({(r.CardPresent ? "card" : "no card")}, {(r.After is null ? "never" : $"{r.After.Value.TotalSeconds:0.00} s")}, {r.State})"))));
            text.AppendLine();
        }
    }

    private static void Row(StringBuilder text, string label, Latencies values) =>
        text.AppendLine(Invariant($"| {label} | {values.Count} | {Millis(values.Median / 1000)} | {Millis(values.Count == 0 ? double.NaN : values.Values.Max() / 1000)} |"));

    private static void AppendCounts(StringBuilder text, Inputs run)
    {
        if (run.Start is not { } start || run.End is not { } end)
        {
            return;
        }

        text.AppendLine("| after settling | start | end |");
        text.AppendLine("|---|---|---|");
        text.AppendLine(Invariant($"| threads (this process: station, cards, clients) | {start.Threads} | {end.Threads} |"));
        text.AppendLine(Invariant($"| file descriptors (sockets) | {start.Descriptors} ({start.Sockets}) | {end.Descriptors} ({end.Sockets}) |"));
        text.AppendLine(Invariant($"| pcscd's file descriptors (one per PC/SC context it serves) | {start.PcscdDescriptors} | {end.PcscdDescriptors} |"));
        text.AppendLine(Invariant($"| assembly load contexts (one per loaded plugin version) | {start.LoadContexts} | {end.LoadContexts} |"));
        text.AppendLine(Invariant($"| managed heap after a full GC | {Bytes(start.ManagedBytes)} | {Bytes(end.ManagedBytes)} |"));
        text.AppendLine(Invariant($"| resident set | {Bytes(start.ResidentBytes)} | {Bytes(end.ResidentBytes)} |"));
        if (run.Memory is { Count: > 0 } memory)
        {
            var (managed, resident) = memory.SlopePerMinute();
            text.AppendLine(Invariant($"| during the storm ({memory.Count} samples): managed heap min…max, slope | {Bytes(memory.ManagedRange.Min)} … {Bytes(memory.ManagedRange.Max)} | {Bytes(managed)}/min |"));
            text.AppendLine(Invariant($"| during the storm: resident set min…max, slope | {Bytes(memory.ResidentRange.Min)} … {Bytes(memory.ResidentRange.Max)} | {Bytes(resident)}/min |"));
        }

        text.AppendLine();
    }

    private static void AppendViolations(StringBuilder text, SoakTally tally)
    {
        var violations = tally.Violations;
        if (violations.Count == 0)
        {
            text.AppendLine("Invariants: all held.");
            return;
        }

        text.AppendLine("Invariants broken:");
        text.AppendLine();
        foreach (var violation in violations)
        {
            text.AppendLine(Invariant($"- **{violation.Kind}** ×{violation.Count:#,0}; e.g. {string.Join(" | ", violation.Samples)}"));
        }
    }
}
