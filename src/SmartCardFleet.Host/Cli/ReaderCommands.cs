using System.CommandLine;
using System.Text.Json.Nodes;

namespace SmartCardFleet.Host.Cli;

/// <summary>fleet readers [id] [--station S] [--state X] [--card-type T], fleet attach|detach|reconnect &lt;reader&gt;. A
/// reader is named by its fleet-wide id "station.reader" (a bare id still names a reader of the station at --url).</summary>
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
        var id = new Argument<string?>("reader") { Description = "Only this reader (station.reader, or a bare id on its own station)", Arity = ArgumentArity.ZeroOrOne };
        var station = new Option<string?>("--station") { Description = "Only the readers of this station (see `fleet stations`)" };
        var state = new Option<string?>("--state") { Description = "Only readers in this state, e.g. Attached, CardPresent, Unreachable" };
        var cardType = new Option<string?>("--card-type") { Description = "Only readers whose card a plugin named so (see the CARD column)" };
        var command = new Command("readers", "List the fleet's readers and their cards") { id, station, state, cardType };
        command.SetClientAction(async (parse, ct) =>
        {
            var filters = new (string Name, string? Value)[]
            {
                ("station", parse.GetValue(station)), ("state", parse.GetValue(state)), ("cardType", parse.GetValue(cardType)),
            };
            var reader = parse.GetValue(id);
            if (reader is not null && filters.Any(f => f.Value is not null))
            {
                throw new CliFailure(ExitCodes.Usage, "--station, --state and --card-type filter the list of readers; leave them out when naming one reader");
            }

            using var client = GlobalOptions.Client(parse);
            var node = await client.GetAsync(reader is null ? "/api/readers" + Query(filters) : $"/api/readers/{ReaderPath(reader)}", ct);
            if (parse.GetValue(GlobalOptions.Json))
            {
                await CliCommand.PrintJsonAsync(parse, node);
                return ExitCodes.Ok;
            }

            var rows = reader is null ? node?["readers"]?.AsArray().Select(r => r!) ?? [] : [node!];
            await parse.InvocationConfiguration.Output.WriteAsync(ConsoleTable.Render(
                ["ID", "STATION", "STATE", "CARD", "ATR", "PROTOCOL", "AUTO", "LAST ERROR"],
                rows.Select(r => (IReadOnlyList<string?>)
                [
                    CliCommand.Text(r, "id"), CliCommand.Text(r, "station"), CliCommand.Text(r, "state"), CliCommand.Text(r, "cardType"),
                    CliCommand.Text(r, "atr"), CliCommand.Text(r, "protocol"),
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

    /// <summary>The filters given, as the host's query parameters (each value escaped); the host checks the names.</summary>
    private static string Query(IEnumerable<(string Name, string? Value)> filters)
    {
        var given = filters.Where(f => f.Value is not null).Select(f => $"{f.Name}={Uri.EscapeDataString(f.Value!)}").ToList();
        return given.Count == 0 ? "" : "?" + string.Join('&', given);
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

    internal static Argument<string> ReaderArgument() =>
        new("reader") { Description = "Reader id as `fleet readers` lists it: station.reader, or a bare reader id on its own station" };

    internal static string Escape(ParseResult parse, Argument<string> reader) => ReaderPath(parse.GetValue(reader)!);

    /// <summary>The reader id as one URL path segment: every character outside letters, digits and "-._~" escaped, so
    /// "kiosk-1.reader-00" travels as it is and "/", "?", "#" or "%" cannot reach another path. A segment of dots only is
    /// refused: URLs collapse "." and ".." (even escaped), so it would name another path instead of a reader.</summary>
    internal static string ReaderPath(string id) =>
        id.Length == 0 || id.All(c => c == '.')
            ? throw new CliFailure(ExitCodes.Usage, $"\"{id}\" is not a reader id: use station.reader or a reader id from `fleet readers`")
            : Uri.EscapeDataString(id);

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
