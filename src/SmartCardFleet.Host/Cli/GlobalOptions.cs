using System.CommandLine;

namespace SmartCardFleet.Host.Cli;

/// <summary>Options every client command understands (recursive on the root command).</summary>
public static class GlobalOptions
{
    public static readonly Option<string> Url = new("--url")
    {
        Description = "Base URL of the running host (default: FLEET_URL or http://127.0.0.1:5080)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("FLEET_URL") ?? Configuration.HttpOptions.DefaultUrl,
    };

    /// <summary>No DefaultValueFactory: help prints defaults, and a token must never be printed.</summary>
    public static readonly Option<string?> Token = new("--token")
    {
        Description = "API token of the host (default: FLEET_TOKEN)",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print the host's JSON instead of a table (for scripts)",
        Recursive = true,
    };

    public static FleetApiClient Client(ParseResult parse, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var url = parse.GetValue(Url)!;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            throw new CliFailure(ExitCodes.Usage, $"--url \"{url}\" is not an http(s) URL");
        }

        return new FleetApiClient(baseUrl, parse.GetValue(Token) ?? Environment.GetEnvironmentVariable("FLEET_TOKEN"), timeout);
    }
}
