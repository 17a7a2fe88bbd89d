using System.CommandLine;
using System.Text.Json.Nodes;

namespace SmartCardFleet.Host.Cli;

/// <summary>fleet events: follows the host's event stream (every station's events, each with its station) until the host stops or Ctrl-C.</summary>
public static class EventsCommand
{
    public static Command Create()
    {
        var count = new Option<int?>("--count") { Description = "Stop after this many events" };
        var command = new Command("events", "Follow the fleet's events live") { count };
        command.SetClientAction(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse, Timeout.InfiniteTimeSpan);
            await using var stream = await client.OpenEventStreamAsync(ct);
            using var reader = new StreamReader(stream);
            var remaining = parse.GetValue(count) ?? int.MaxValue;
            var output = parse.InvocationConfiguration.Output;
            while (remaining > 0 && await reader.ReadLineAsync(ct) is { } line)
            {
                if (!line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    continue;
                }

                var json = line["data: ".Length..];
                await output.WriteLineAsync(parse.GetValue(GlobalOptions.Json) ? json : Human(JsonNode.Parse(json)));
                await output.FlushAsync(ct);
                remaining--;
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Human(JsonNode? record)
    {
        var time = record?["timestamp"]?.GetValue<DateTimeOffset>().ToLocalTime().ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);
        var data = record?["data"]?.AsObject().Where(p => p.Value is not null)
            .Select(p => $"{p.Key}={(p.Value is JsonValue v && v.TryGetValue(out string? s) ? s : p.Value!.ToJsonString())}");
        return $"{CliCommand.Text(record, "id"),6} {time} {CliCommand.Text(record, "type"),-18} {CliCommand.Text(record, "station") ?? "-",-16} " +
            $"{CliCommand.Text(record, "readerId") ?? "station",-32} {string.Join(' ', data ?? [])}";
    }
}
