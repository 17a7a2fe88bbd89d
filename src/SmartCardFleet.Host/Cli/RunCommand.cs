using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Microsoft.Extensions.Options;
using SmartCardFleet.Host.Station;

namespace SmartCardFleet.Host.Cli;

/// <summary>fleet run [--simulate N] [--config FILE] [--urls URL]... [--Section:Key=value]...: runs the station until
/// Ctrl-C or SIGTERM (exit code 0 after a clean stop; not 0 when a cluster node's actor system ended by itself, see
/// <see cref="StationExit"/>). Unknown "--Key=value" tokens are configuration overrides.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var simulate = new Option<int?>("--simulate")
        {
            Description = "Run a simulated fleet of N readers with virtual cards (no PC/SC service needed)",
            // A parser, not a validator: a validator reading a value that did not convert ("abc") throws and aborts.
            CustomParser = ReaderCount,
        };
        var config = new Option<string?>("--config") { Description = "Configuration file (default: appsettings.json beside fleet)" };
        var urls = new Option<string[]>("--urls") { Description = "Listen URL(s), overriding Http:Urls" };
        var command = new Command("run", "Run the station: readers, plugins, HTTP API and dashboard")
        {
            simulate, config, urls,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, _) =>
        {
            var launch = new StationLaunch
            {
                ConfigPath = parse.GetValue(config),
                SimulateReaders = parse.GetValue(simulate),
                Urls = parse.GetValue(urls) ?? [],
                ConfigArgs = parse.UnmatchedTokens,
            };
            try
            {
                await using var app = StationHost.Build(launch);
                // The host's console lifetime owns Ctrl-C and SIGTERM: WaitForShutdownAsync returns after the graceful
                // stop. Not RunAsync: it disposes the services the exit code is read from.
                await app.StartAsync();
                await app.WaitForShutdownAsync();
                return StationExit.Code(app.Services);
            }
            catch (Exception e) when (e is StationStartException or OptionsValidationException or InvalidOperationException
                && IsConfigurationError(e))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"fleet: cannot start: {Describe(e)}");
                return ExitCodes.Usage;
            }
            catch (IOException e)
            {
                // Kestrel: "Failed to bind to address ...: address already in use."
                await parse.InvocationConfiguration.Error.WriteLineAsync(
                    $"fleet: cannot start: {e.Message} Is another station running? Choose another address with --urls.");
                return ExitCodes.Failed;
            }
        });
        return command;
    }

    private static int? ReaderCount(ArgumentResult result)
    {
        var token = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is >= 1 and <= 10_000)
        {
            return count;
        }

        result.AddError($"--simulate needs a reader count between 1 and 10000 (got \"{token}\")");
        return null;
    }

    private static bool IsConfigurationError(Exception e) =>
        e is StationStartException or OptionsValidationException
        || e.Message.Contains("configuration", StringComparison.OrdinalIgnoreCase);

    private static string Describe(Exception e) => e is OptionsValidationException validation
        ? string.Join(Environment.NewLine + "  ", validation.Failures.Prepend("invalid configuration:"))
        : e.Message;
}
