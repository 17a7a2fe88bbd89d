using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using SmartCardFleet.Host.Security;

namespace SmartCardFleet.Host.Cli;

/// <summary>fleet token new NAME --role ROLE: a random token, printed once, and its Http:Tokens entry (the hash, never the
/// token, goes into configuration). fleet token hash: the "sha256:..." of a token read from stdin (not an argument, so
/// it stays out of the shell history and the process list). Neither talks to a host.</summary>
public static class TokenCommands
{
    /// <summary>32 random bytes: the hash in configuration cannot be turned back into a token by guessing.</summary>
    public const int TokenBytes = 32;

    /// <summary>The shortest token `fleet token hash` accepts. The configured hash is an unsalted SHA-256, so a short,
    /// human-chosen token could be found from it by guessing; 32 characters of a random token are beyond that
    /// (`fleet token new` makes 43).</summary>
    public const int MinTokenLength = 32;

    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The token's name: who the audit journal says acted (letters, digits, . _ -)" };
        var role = new Option<string>("--role") { Description = "Viewer, Operator or Admin", Required = true };
        var create = new Command("new", "Make a random API token: prints it once and the Http:Tokens entry with its hash") { name, role };
        create.SetClientAction(async (parse, _) =>
        {
            var tokenName = parse.GetValue(name)!;
            if (ConfiguredTokens.NameProblem(tokenName) is { } problem)
            {
                throw new CliFailure(ExitCodes.Usage, $"the name {problem}");
            }

            if (!ConfiguredTokens.TryRole(parse.GetValue(role), out var parsedRole))
            {
                throw new CliFailure(ExitCodes.Usage, $"--role must be {Configuration.EnumNames.Expected(typeof(FleetRole))}");
            }

            var token = Base64Url(RandomNumberGenerator.GetBytes(TokenBytes));
            var entry = new JsonObject { ["Name"] = tokenName, ["Hash"] = TokenHash.Format(token), ["Role"] = parsedRole.ToString() };
            var output = parse.InvocationConfiguration.Output;
            await output.WriteLineAsync($"token: {token}");
            await output.WriteLineAsync("It is shown only now: give it to its holder (FLEET_TOKEN, or the dashboard's login).");
            await output.WriteLineAsync("Add this entry to the list Http:Tokens of the station's configuration and restart it:");
            await output.WriteLineAsync(entry.ToJsonString());
            return ExitCodes.Ok;
        });
        var hash = new Command("hash", "Read a token from stdin and print its hash for Http:Tokens (sha256:<hex>)");
        hash.SetClientAction(async (parse, ct) =>
        {
            var text = await Console.In.ReadToEndAsync(ct);
            var token = text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;
            if (token.Length == 0 || token.Trim().Length != token.Length)
            {
                throw new CliFailure(ExitCodes.Usage, "stdin must hold the token, without leading or trailing whitespace (one final newline is fine)");
            }

            if (token.Length < MinTokenLength)
            {
                throw new CliFailure(ExitCodes.Usage, $"the token has {token.Length} characters; at least {MinTokenLength} are needed, because " +
                    "its unsalted SHA-256 hash would let a short token be found by guessing: make a random one with `fleet token new`");
            }

            await parse.InvocationConfiguration.Output.WriteLineAsync(TokenHash.Format(token));
            return ExitCodes.Ok;
        });
        return new Command("token", "Make API tokens and their configuration hashes") { create, hash };
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
