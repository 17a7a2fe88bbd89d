using System.CommandLine;
using System.Text;

namespace SmartCardFleet.Host.Cli;

/// <summary>fleet audit [--from --to --station --reader --who --action --outcome --limit --before] [--csv]: a page of the
/// audit journal as a table (newest first), or with --csv the export of every matching record (oldest first; needs an
/// Admin token).</summary>
public static class AuditCommand
{
    private static readonly (string Name, string Description)[] Filters =
    [
        ("from", "Records at or after this time (ISO 8601, e.g. 2026-12-01 or 2026-12-01T08:00:00Z)"),
        ("to", "Records before this time (ISO 8601)"),
        ("station", "Only this station's records"),
        ("reader", "Only this reader's records (its id as the API shows it)"),
        ("who", "Only this token's records (its name; \"local\" on a station without tokens)"),
        ("action", "Only this action, e.g. reader.transmit, plugin.reload, job.create"),
        ("outcome", "Only Succeeded, Failed or Refused"),
        ("limit", "Most records: 1..1000 for the table (default 100), 1..100000 for --csv (default 100000)"),
        ("before", "Records older than this id (the \"more\" hint of the previous page)"),
    ];

    public static Command Create()
    {
        var options = Filters.Select(f => new Option<string?>("--" + f.Name) { Description = f.Description }).ToList();
        var csv = new Option<bool>("--csv") { Description = "Write the matching records as CSV (oldest first) instead of a table" };
        var command = new Command("audit", "Who did what to which card: the station's audit journal, filtered");
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.Options.Add(csv);
        command.SetClientAction(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var query = Query(options.Select(o => (o.Name.TrimStart('-'), parse.GetValue(o))));
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(csv))
            {
                await using var stream = await client.OpenAsync("/api/audit/export.csv" + query, ct);
                using var reader = new StreamReader(stream, Encoding.UTF8);
                var buffer = new char[16 * 1024];
                int read;
                while ((read = await reader.ReadAsync(buffer, ct)) > 0)
                {
                    await output.WriteAsync(buffer.AsMemory(0, read), ct);
                }

                return ExitCodes.Ok;
            }

            var page = await client.GetAsync("/api/audit" + query, ct);
            if (parse.GetValue(GlobalOptions.Json))
            {
                await CliCommand.PrintJsonAsync(parse, page);
                return ExitCodes.Ok;
            }

            await output.WriteAsync(ConsoleTable.Render(
                ["ID", "TIME", "STATION", "READER", "WHO", "ACTION", "OUTCOME", "STATUS", "DETAIL", "WHAT"],
                (page?["records"]?.AsArray() ?? []).Select(r => (IReadOnlyList<string?>)
                [
                    CliCommand.Text(r, "id"), CliCommand.Text(r, "time"), CliCommand.Text(r, "station"), CliCommand.Text(r, "reader"),
                    CliCommand.Text(r, "who"), CliCommand.Text(r, "action"), CliCommand.Text(r, "outcome"), CliCommand.Text(r, "status"),
                    CliCommand.Text(r, "detail"), CliCommand.Text(r, "what"),
                ])));
            if (CliCommand.Text(page, "nextBefore") is { } next)
            {
                await output.WriteLineAsync($"more: fleet audit --before {next} (with the same filters)");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Query(IEnumerable<(string Name, string? Value)> values)
    {
        var given = values.Where(v => v.Value is not null).Select(v => $"{v.Name}={Uri.EscapeDataString(v.Value!)}").ToList();
        return given.Count == 0 ? "" : "?" + string.Join('&', given);
    }
}
