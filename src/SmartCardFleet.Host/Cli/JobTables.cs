using System.CommandLine;
using System.Text.Json.Nodes;

namespace SmartCardFleet.Host.Cli;

/// <summary>How `fleet jobs` prints: a job list with progress counts, a job's summary lines and its rows' outcomes.</summary>
public static class JobTables
{
    private static readonly string[] ListHeaders = ["JOB", "STATE", "SUCCEEDED", "FAILED", "IN DOUBT", "PENDING", "TOTAL", "OPERATION", "NAME"];

    public static string Query(params (string Name, string? Value)[] parameters)
    {
        var given = parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return given.Count == 0 ? "" : "?" + string.Join('&', given);
    }

    public static async Task<int> PrintListAsync(ParseResult parse, JsonNode? node)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (parse.GetValue(GlobalOptions.Json))
        {
            await CliCommand.PrintJsonAsync(parse, node);
            return ExitCodes.Ok;
        }

        var jobs = node?["jobs"]?.AsArray().Select(j => j!).ToList() ?? [];
        await parse.InvocationConfiguration.Output.WriteAsync(jobs.Count == 0
            ? "no jobs\n"
            : ConsoleTable.Render(ListHeaders, jobs.Select(SummaryCells)));
        return ExitCodes.Ok;
    }

    /// <summary>The summary as one table row, then the rows with their last attempt. NAME and ERROR come last: they are
    /// the long cells, and a table stays aligned when only its last column runs on.</summary>
    public static async Task<int> PrintViewAsync(ParseResult parse, JsonNode? view, bool created = false)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (parse.GetValue(GlobalOptions.Json))
        {
            await CliCommand.PrintJsonAsync(parse, view);
            return ExitCodes.Ok;
        }

        var output = parse.InvocationConfiguration.Output;
        var summary = view?["summary"];
        if (created)
        {
            await output.WriteLineAsync($"created job {CliCommand.Text(summary, "jobId")} with {CliCommand.Text(summary, "total")} rows; " +
                "insert cards into its readers, follow it with `fleet jobs show ID`");
        }

        await output.WriteAsync(ConsoleTable.Render(ListHeaders, [SummaryCells(summary!)]));
        if (CliCommand.Text(summary, "pausedReason") is { } reason)
        {
            await output.WriteLineAsync($"paused: {reason}");
        }

        var rows = view?["rows"]?.AsArray().Select(r => r!).ToList() ?? [];
        if (rows.Count > 0 && !created)
        {
            await output.WriteLineAsync();
            await output.WriteAsync(ConsoleTable.Render(["ROW", "STATE", "ATTEMPTS", "READER", "ATR", "UID", "ENDED", "ERROR"],
                rows.Select(r => (IReadOnlyList<string?>)
                [
                    CliCommand.Text(r, "rowId"), CliCommand.Text(r, "state"), CliCommand.Text(r, "attempts"),
                    CliCommand.Text(r["last"], "readerId"), CliCommand.Text(r["last"], "atr"), CliCommand.Text(r["last"], "uid"),
                    Time(CliCommand.Text(r["last"], "endedAt")), CliCommand.Text(r["last"], "error"),
                ])));
        }

        return ExitCodes.Ok;
    }

    /// <summary>A row's time to the second, in the terminal's time zone, as the dashboard shows it.</summary>
    private static string? Time(string? iso) =>
        DateTimeOffset.TryParse(iso, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var time)
            ? time.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)
            : iso;

    private static IReadOnlyList<string?> SummaryCells(JsonNode summary) =>
    [
        CliCommand.Text(summary, "jobId"), CliCommand.Text(summary, "state"), CliCommand.Text(summary, "succeeded"),
        CliCommand.Text(summary, "failed"), CliCommand.Text(summary, "inDoubt"), CliCommand.Text(summary, "pending"),
        CliCommand.Text(summary, "total"), $"{CliCommand.Text(summary, "pluginId")} {CliCommand.Text(summary, "operation")}",
        CliCommand.Text(summary, "name"),
    ];
}
