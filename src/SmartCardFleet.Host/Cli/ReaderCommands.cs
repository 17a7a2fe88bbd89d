using System.CommandLine;
using System.Text.Json.Nodes;

namespace SmartCardFleet.Host.Cli;

/// <summary>fleet readers [id], fleet attach|detach|reconnect &lt;reader&gt;.</summary>
public static class ReaderCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Readers();
        yield return Attach();
        yield return Detach();
        yield return Reconnect();
    }

    private static Command Readers()
    {
        var id = new Argument<string?>("reader") { Description = "Only this reader", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("readers", "List the station's readers and their cards") { id };
        command.SetClientAction(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var reader = parse.GetValue(id);
            var node = await client.GetAsync(reader is null ? "/api/readers" : $"/api/readers/{Uri.EscapeDataString(reader)}", ct);
            if (parse.GetValue(GlobalOptions.Json))
            {
                await CliCommand.PrintJsonAsync(parse, node);
                return ExitCodes.Ok;
            }

            var rows = reader is null ? node?["readers"]?.AsArray().Select(r => r!) ?? [] : [node!];
            await parse.InvocationConfiguration.Output.WriteAsync(ConsoleTable.Render(
                ["ID", "STATE", "CARD", "ATR", "PROTOCOL", "AUTO", "LAST ERROR"],
                rows.Select(r => (IReadOnlyList<string?>)
                [
                    CliCommand.Text(r, "id"), CliCommand.Text(r, "state"), CliCommand.Text(r, "cardType"), CliCommand.Text(r, "atr"),
                    CliCommand.Text(r, "protocol"),
                    CliCommand.Text(r, "autoAttach"), CliCommand.Text(r["lastError"], "message"),
                ])));
            foreach (var missing in node?["unavailable"]?.AsArray() ?? [])
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(
                    $"fleet: {CliCommand.Text(missing, "readerId")} did not answer: {CliCommand.Text(missing, "message")}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Attach()
    {
        var reader = ReaderArgument();
        var shareMode = new Option<string?>("--share-mode") { Description = "Exclusive, Shared or Direct" };
        var protocols = new Option<string?>("--protocols") { Description = "e.g. \"T0,T1\"" };
        var command = new Command("attach", "Connect to the card in a reader") { reader, shareMode, protocols };
        command.SetClientAction((parse, ct) => PostAsync(parse, $"/api/readers/{Escape(parse, reader)}/attach",
            new { shareMode = parse.GetValue(shareMode), protocols = parse.GetValue(protocols) },
            r => $"attached {CliCommand.Text(r, "readerId")}: session {CliCommand.Text(r, "session")}, {CliCommand.Text(r, "protocol")}, ATR {CliCommand.Text(r, "atr")}", ct));
        return command;
    }

    private static Command Detach()
    {
        var reader = ReaderArgument();
        var disposition = new Option<string?>("--disposition") { Description = "Leave (default), Reset, Unpower or Eject" };
        var command = new Command("detach", "Release the card of a reader") { reader, disposition };
        command.SetClientAction((parse, ct) => PostAsync(parse, $"/api/readers/{Escape(parse, reader)}/detach",
            new { disposition = parse.GetValue(disposition) },
            r => $"detached {CliCommand.Text(r, "readerId")} ({CliCommand.Text(r, "disposition")})", ct));
        return command;
    }

    private static Command Reconnect()
    {
        var reader = ReaderArgument();
        var shareMode = new Option<string?>("--share-mode") { Description = "Exclusive, Shared or Direct" };
        var protocols = new Option<string?>("--protocols") { Description = "e.g. \"T0,T1\"" };
        var initialization = new Option<string?>("--init") { Description = "Leave (default), Reset (warm) or Unpower (cold)" };
        var command = new Command("reconnect", "Reconnect (and optionally reset) the card of a reader")
        {
            reader, shareMode, protocols, initialization,
        };
        command.SetClientAction((parse, ct) => PostAsync(parse, $"/api/readers/{Escape(parse, reader)}/reconnect",
            new { shareMode = parse.GetValue(shareMode), protocols = parse.GetValue(protocols), initialization = parse.GetValue(initialization) },
            r => $"reconnected {CliCommand.Text(r, "readerId")}: {CliCommand.Text(r, "protocol")}, ATR {CliCommand.Text(r, "atr")}", ct));
        return command;
    }

    internal static Argument<string> ReaderArgument() => new("reader") { Description = "Reader id (see `fleet readers`)" };

    internal static string Escape(ParseResult parse, Argument<string> reader) => Uri.EscapeDataString(parse.GetValue(reader)!);

    internal static async Task<int> PostAsync(ParseResult parse, string path, object body, Func<JsonNode, string> human,
        CancellationToken cancellationToken)
    {
        using var client = GlobalOptions.Client(parse);
        var node = await client.PostAsync(path, body, cancellationToken);
        if (parse.GetValue(GlobalOptions.Json))
        {
            await CliCommand.PrintJsonAsync(parse, node);
        }
        else
        {
            await parse.InvocationConfiguration.Output.WriteLineAsync(human(node ?? new JsonObject()));
        }

        return ExitCodes.Ok;
    }
}
