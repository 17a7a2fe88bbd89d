using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SmartCardFleet.Host.Cli;

/// <summary>fleet plugins, fleet plugins reload [ID], fleet plugins clear-quarantine ID, fleet op &lt;reader&gt; &lt;operation&gt; [--arg key=value]...</summary>
public static class PluginCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Plugins();
        yield return Operation();
    }

    /// <summary>Plugins belong to a station: on a clustered node --station names whose (a console has none of its own).</summary>
    private static readonly Option<string?> Station = new("--station")
    {
        Description = "The station whose plugins to list or command (default: the node at --url; listing without it on a clustered node shows every station's)",
        Recursive = true,
    };

    private static string StationQuery(ParseResult parse) =>
        parse.GetValue(Station) is { } station ? $"?station={Uri.EscapeDataString(station)}" : "";

    private static Command Plugins()
    {
        var reloadId = new Argument<string?>("id")
        {
            Description = "Reload only this plugin (its id, or the folder name of one that failed to load)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var reload = new Command("reload", "Reload every plugin folder (clears quarantine), or one plugin's, and list the plugins afterwards") { reloadId };
        reload.SetClientAction(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var path = (parse.GetValue(reloadId) is { } id ? $"/api/plugins/{Uri.EscapeDataString(id)}/reload" : "/api/plugins/reload") + StationQuery(parse);
            return await PrintAsync(parse, await client.PostAsync(path, new { }, ct));
        });
        var clearId = new Argument<string>("id") { Description = "The quarantined plugin's id" };
        var clear = new Command("clear-quarantine", "Enable a quarantined plugin again without reloading it, and list the plugins afterwards") { clearId };
        clear.SetClientAction(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            return await PrintAsync(parse, await client.DeleteAsync($"/api/plugins/{Uri.EscapeDataString(parse.GetValue(clearId)!)}/quarantine{StationQuery(parse)}", ct));
        });
        var command = new Command("plugins", "List the card plugins: version, state (Loaded, Quarantined, FailedToLoad), the cards each holds and why one is not loaded")
        {
            reload, clear, Station,
        };
        command.SetClientAction(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            return await PrintAsync(parse, await client.GetAsync("/api/plugins" + StationQuery(parse), ct));
        });
        return command;
    }

    /// <summary>REASON comes last: it is the one long cell, and a table stays aligned when only its last column runs on.</summary>
    private static async Task<int> PrintAsync(ParseResult parse, JsonNode? node)
    {
        if (parse.GetValue(GlobalOptions.Json))
        {
            await CliCommand.PrintJsonAsync(parse, node);
            return ExitCodes.Ok;
        }

        var plugins = node?.AsArray().Select(p => p!).ToList() ?? [];
        if (plugins.Count == 0)
        {
            await parse.InvocationConfiguration.Output.WriteLineAsync("no plugins loaded");
            return ExitCodes.Ok;
        }

        await parse.InvocationConfiguration.Output.WriteAsync(ConsoleTable.Render(["STATION", "ID", "VERSION", "STATE", "CARDS", "REASON"],
            plugins.Select(p => (IReadOnlyList<string?>)
            [
                CliCommand.Text(p, "station"), CliCommand.Text(p, "id"), CliCommand.Text(p, "version"), CliCommand.Text(p, "state"),
                p["cards"]?.AsArray() is { Count: > 0 } cards ? string.Join(", ", cards.Select(c => c?.GetValue<string>())) : null,
                CliCommand.Text(p, "reason"),
            ])));
        return ExitCodes.Ok;
    }

    private static Command Operation()
    {
        var reader = ReaderCommands.ReaderArgument();
        var operation = new Argument<string>("operation") { Description = "Operation name (see `fleet plugins`)" };
        var args = new Option<string[]>("--arg")
        {
            Description = "Argument key=value; the value is read as JSON when it is a number, true/false, null, an object or an array",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("op", "Run a plugin operation on a reader's card") { reader, operation, args };
        command.SetClientAction(async (parse, ct) =>
        {
            var arguments = ParseArguments(parse.GetValue(args) ?? []);
            using var client = GlobalOptions.Client(parse);
            var node = await client.PostAsync(
                $"/api/readers/{ReaderCommands.Escape(parse, reader)}/operations/{Uri.EscapeDataString(parse.GetValue(operation)!)}",
                new { arguments }, ct);
            await CliCommand.PrintJsonAsync(parse, parse.GetValue(GlobalOptions.Json) ? node : node?["result"]);
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static JsonObject ParseArguments(IEnumerable<string> pairs)
    {
        var arguments = new JsonObject();
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CliFailure(ExitCodes.Usage, $"--arg \"{pair}\" must be key=value");
            }

            arguments[pair[..equals]] = Value(pair[(equals + 1)..]);
        }

        return arguments;
    }

    private static JsonNode? Value(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length > 0 && (trimmed[0] is '{' or '[' or '-' || char.IsAsciiDigit(trimmed[0]) || trimmed is "true" or "false" or "null"))
        {
            try
            {
                return JsonNode.Parse(trimmed);
            }
            catch (JsonException)
            {
                // Not JSON after all (e.g. a hex string starting with a digit): keep it as text.
            }
        }

        return JsonValue.Create(text);
    }
}
