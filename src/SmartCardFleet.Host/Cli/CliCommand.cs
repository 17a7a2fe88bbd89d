using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SmartCardFleet.Host.Cli;

/// <summary>Runs a client command body and turns failures into their exit codes and a one-line message on stderr.</summary>
public static class CliCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void SetClientAction(this Command command, Func<ParseResult, CancellationToken, Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                return await body(parse, cancellationToken);
            }
            catch (CliFailure failure)
            {
                if (parse.GetValue(GlobalOptions.Json) && failure.Body is { Length: > 0 } body)
                {
                    await parse.InvocationConfiguration.Output.WriteLineAsync(body);
                }

                await parse.InvocationConfiguration.Error.WriteLineAsync($"fleet: {failure.Message}");
                return failure.ExitCode;
            }
        });
    }

    public static Task PrintJsonAsync(ParseResult parse, JsonNode? node) =>
        parse.InvocationConfiguration.Output.WriteLineAsync(node?.ToJsonString(Indented) ?? "null");

    public static string? Text(JsonNode? node, string name) => node?[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue(out string? s) => s,
        var other => other.ToJsonString(),
    };
}
