using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SmartCardFleet.Benchmarks.Support;

/// <summary>Writes the report as Markdown (docs/benchmarks.md) and the raw figures as JSON (docs/benchmarks.json).
/// <paramref name="analysis"/> is hand-written text kept between runs (the "what limits it" part).</summary>
public static class ReportWriter
{
    public static string Markdown(BenchReport report, string header, string analysis)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.Append(header);
        foreach (var section in report.Sections)
        {
            text.Append("\n## ").Append(section.Title).Append("\n\n");
            if (section.Rows.Count > 0)
            {
                text.Append("| ").AppendJoin(" | ", section.Columns).Append(" |\n");
                text.Append('|').AppendJoin('|', section.Columns.Select(_ => "---")).Append("|\n");
                foreach (var row in section.Rows)
                {
                    text.Append("| ").AppendJoin(" | ", row.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal))).Append(" |\n");
                }

                text.Append('\n');
            }

            foreach (var note in section.Notes)
            {
                text.Append("- ").Append(note).Append('\n');
            }
        }

        text.Append('\n').Append(analysis);
        return text.ToString();
    }

    public static string Json(BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var root = new JsonObject { ["machine"] = report.Machine.DeepClone() };
        foreach (var section in report.Sections)
        {
            var raw = section.Raw.DeepClone().AsObject();
            raw["table"] = section.Table();
            root[section.Key] = raw;
        }

        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }
}
