using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using SmartCardFleet.Benchmarks.Support;

namespace SmartCardFleet.Benchmarks.Figures;

// Assembling the report: the header, sections carried over from the previous JSON, the hand-written analysis.
public static partial class SystemBench
{
    /// <summary>Sections this run did not measure keep their previous figures, marked with that run's date and load.</summary>
    private static void CarryOver(BenchReport report, string jsonPath)
    {
        if (!File.Exists(jsonPath) || JsonNode.Parse(File.ReadAllText(jsonPath)) is not JsonObject old)
        {
            return;
        }

        var machine = old["machine"];
        if (report.Machine["fleet"] is null && machine?["fleet"] is { } fleet)
        {
            // Carried over twice, it names the run that measured it once.
            var text = fleet.ToString();
            report.Machine["fleet"] = text.Contains("(carried over", StringComparison.Ordinal) ? text : $"{text} (carried over from the run of {machine["date"]})";
        }

        foreach (var key in BenchOptions.SectionOrder.Where(k => report.Sections.All(s => s.Key != k)))
        {
            if (old[key] is JsonObject raw && raw["table"] is not null)
            {
                var section = ReportSection.FromJson(key, raw);
                if (!section.Notes.Any(n => n.StartsWith("Carried over", StringComparison.Ordinal)))
                {
                    section.Notes.Insert(0, $"Carried over from the run of {machine?["date"]} (load {machine?["loadAverageAtStart"]} at its start): " +
                        "this run did not measure this section.");
                }

                report.Add(section);
            }
        }

        var order = BenchOptions.SectionOrder.ToList();
        report.Sections.Sort((a, b) => order.IndexOf(a.Key).CompareTo(order.IndexOf(b.Key)));
    }

    private static string Header(BenchReport report, BenchOptions options)
    {
        var m = report.Machine;
        var text = new StringBuilder();
        text.Append("# Benchmarks\n\n");
        text.Append("Written by `dotnet run -c Release --project tests/SmartCardFleet.Benchmarks -- system` (issue 6); raw figures in ")
            .Append(Path.GetFileName(options.JsonPath)).Append(". Medians and p99 are nearest-rank over every measured exchange.\n\n");
        text.Append(CultureInfo.InvariantCulture, $"- Date: {m["date"]}, run took {m["durationSeconds"]!.GetValue<double>():0} s\n");
        text.Append(CultureInfo.InvariantCulture, $"- Machine: {m["cpuCount"]} CPUs ({m["cpuModel"]}), {Format.Bytes(m["memoryBytes"]!.GetValue<long>())} memory, {m["os"]}, {m["runtime"]}\n");
        text.Append(CultureInfo.InvariantCulture, $"- Load average (1/5/15 min): {m["loadAverageAtStart"]} at start, {m["loadAverageAtEnd"]} at end\n");
        text.Append(CultureInfo.InvariantCulture, $"- PC/SC for figures 1–3: {m["fleet"]}\n");
        if (report.Failures.Count > 0)
        {
            text.Append("- Steps that failed in this run: ").AppendJoin("; ", report.Failures).Append('\n');
        }

        return text.ToString();
    }

    private static string KeptAnalysis(string markdownPath)
    {
        var existing = File.Exists(markdownPath) ? File.ReadAllText(markdownPath) : "";
        var at = existing.IndexOf(AnalysisMarker, StringComparison.Ordinal);
        return at >= 0 ? existing[at..] : AnalysisMarker + "\n\n## What limits the figures\n\n(to be written after a full run)\n";
    }
}
