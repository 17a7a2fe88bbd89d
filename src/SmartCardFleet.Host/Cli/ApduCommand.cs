using System.CommandLine;
using System.Text.Json.Nodes;

namespace SmartCardFleet.Host.Cli;

/// <summary>fleet apdu &lt;reader&gt; &lt;hex&gt;...: one APDU is a transmit, several run atomically in one transaction.</summary>
public static class ApduCommand
{
    public static Command Create()
    {
        var reader = ReaderCommands.ReaderArgument();
        var apdus = new Argument<string[]>("apdu") { Description = "Command APDUs in hex", Arity = ArgumentArity.OneOrMore };
        var command = new Command("apdu", "Send APDUs to the attached card (several = one transaction)") { reader, apdus };
        command.SetClientAction(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var hex = parse.GetValue(apdus)!;
            var path = $"/api/readers/{ReaderCommands.Escape(parse, reader)}";
            var node = hex.Length == 1
                ? await client.PostAsync($"{path}/transmit", new { apdu = hex[0] }, ct)
                : await client.PostAsync($"{path}/transaction", new { apdus = hex }, ct);
            if (parse.GetValue(GlobalOptions.Json))
            {
                await CliCommand.PrintJsonAsync(parse, node);
                return ExitCodes.Ok;
            }

            var responses = hex.Length == 1 ? [node!] : node?["responses"]?.AsArray().Select(r => r!).ToList() ?? [];
            for (var i = 0; i < responses.Count; i++)
            {
                await parse.InvocationConfiguration.Output.WriteLineAsync(Line(hex[i], responses[i]));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Line(string command, JsonNode response)
    {
        var data = CliCommand.Text(response, "response");
        var elapsed = response["elapsedMs"]?.GetValue<double>() ?? 0;
        return $"> {command}\n< {(string.IsNullOrEmpty(data) ? "" : data + " ")}SW {CliCommand.Text(response, "sw")} ({elapsed:0.0} ms)";
    }
}
