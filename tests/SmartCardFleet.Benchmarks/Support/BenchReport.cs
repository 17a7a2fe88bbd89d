using System.Text.Json.Nodes;

namespace SmartCardFleet.Benchmarks.Support;

/// <summary>One table of the report: a figure of issue 6 (or the micro-benchmarks), its rows, and notes that say
/// what was measured, what limits it and what was not measured and why.</summary>
public sealed class ReportSection(string key, string title, params string[] columns)
{
    public string Key { get; } = key;

    public string Title { get; } = title;

    public IReadOnlyList<string> Columns { get; } = columns;

    public List<string[]> Rows { get; } = [];

    public List<string> Notes { get; } = [];

    /// <summary>Raw figures for the JSON file (medians, percentiles, counts, every setting of the run).</summary>
    public JsonObject Raw { get; } = [];

    public void Row(params string[] cells)
    {
        if (cells.Length != Columns.Count)
        {
            throw new ArgumentException($"section {Key}: {cells.Length} cells for {Columns.Count} columns");
        }

        Rows.Add(cells);
    }

    /// <summary>The table as it is shown, stored in the JSON so a later partial run can carry this section over.</summary>
    public JsonObject Table() => new()
    {
        ["title"] = Title,
        ["columns"] = new JsonArray([.. Columns.Select(c => (JsonNode?)c)]),
        ["rows"] = new JsonArray([.. Rows.Select(r => (JsonNode?)new JsonArray([.. r.Select(c => (JsonNode?)c)]))]),
        ["notes"] = new JsonArray([.. Notes.Select(n => (JsonNode?)n)]),
    };

    /// <summary>Rebuilds a section from a previous run's JSON (its table and raw figures).</summary>
    public static ReportSection FromJson(string key, JsonObject raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var table = raw["table"]!.AsObject();
        var section = new ReportSection(key, table["title"]!.GetValue<string>(), [.. table["columns"]!.AsArray().Select(c => c!.GetValue<string>())]);
        foreach (var row in table["rows"]!.AsArray())
        {
            section.Rows.Add([.. row!.AsArray().Select(c => c!.GetValue<string>())]);
        }

        section.Notes.AddRange(table["notes"]!.AsArray().Select(n => n!.GetValue<string>()));
        foreach (var (name, value) in raw)
        {
            section.Raw[name] = value?.DeepClone();
        }

        return section;
    }

    public void NotMeasured(string what, string reason)
    {
        Notes.Add($"**Not measured: {what}** — {reason}");
        Raw[$"notMeasured:{what}"] = reason;
    }
}

/// <summary>Everything one run produced, in order.</summary>
public sealed class BenchReport
{
    public List<ReportSection> Sections { get; } = [];

    public JsonObject Machine { get; } = [];

    /// <summary>Problems that make the run fail (a code path that did not work), as opposed to targets not met.</summary>
    public List<string> Failures { get; } = [];

    public ReportSection Add(ReportSection section)
    {
        Sections.Add(section);
        return section;
    }
}
