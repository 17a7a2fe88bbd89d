using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;

namespace SmartCardFleet.Host.Cli;

/// <summary>fleet stations: every member of the fleet as the node at --url sees it (a standalone station lists itself).</summary>
public static class StationsCommand
{
    public static Command Create()
    {
        var command = new Command("stations", "List the fleet's members: status, reader count, version, last seen");
        command.SetClientAction(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var node = await client.GetAsync("/api/stations", ct);
            if (parse.GetValue(GlobalOptions.Json))
            {
                await CliCommand.PrintJsonAsync(parse, node);
                return ExitCodes.Ok;
            }

            var now = DateTimeOffset.UtcNow;
            await parse.InvocationConfiguration.Output.WriteAsync(ConsoleTable.Render(
                ["NAME", "ADDRESS", "ROLES", "STATUS", "READERS", "VERSION", "LAST SEEN"],
                (node?["stations"]?.AsArray() ?? []).Select(s => (IReadOnlyList<string?>)
                [
                    CliCommand.Text(s, "name"), CliCommand.Text(s, "address"),
                    s?["roles"] is JsonArray roles ? string.Join(',', roles.Select(r => r?.GetValue<string>())) : null,
                    CliCommand.Text(s, "status"), CliCommand.Text(s, "readers"), CliCommand.Text(s, "version"),
                    LastSeen(s?["lastSeen"], now),
                ])));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>"now" for a member seen within the last seconds (every reachable one), else how long ago, so an
    /// unreachable station's silence reads at a glance.</summary>
    internal static string? LastSeen(JsonNode? value, DateTimeOffset now)
    {
        if (value is not JsonValue text || !text.TryGetValue(out string? raw)
            || !DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var seen))
        {
            return null;
        }

        var age = now - seen;
        return age < TimeSpan.FromSeconds(2) ? "now"
            : age < TimeSpan.FromMinutes(2) ? $"{age.TotalSeconds:0} s ago"
            : age < TimeSpan.FromHours(2) ? $"{age.TotalMinutes:0} min ago"
            : seen.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
    }
}
