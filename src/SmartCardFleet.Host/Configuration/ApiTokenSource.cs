using Microsoft.Extensions.Configuration.CommandLine;
using SmartCardFleet.Host.Station;

namespace SmartCardFleet.Host.Configuration;

/// <summary>Where Http:ApiToken comes from. A token file (Http:ApiTokenFile) or the environment (FLEET_Http__ApiToken)
/// keep it out of the process list; a token on the command line works but every local user can read it.</summary>
internal static class ApiTokenSource
{
    /// <summary>Bigger than any sensible token: a wrong path (a log, a binary) is refused instead of read into memory.</summary>
    private const long MaxFileBytes = 4096;

    /// <summary>Reads Http:ApiTokenFile into <see cref="HttpOptions.ApiToken"/>: one final newline ("\n" or "\r\n") is
    /// dropped, anything else stays and meets the validator's whitespace and length rules. A relative path is taken from
    /// the configuration file's folder, like Station:Plugins:Directory.</summary>
    public static void ReadTokenFile(HttpOptions http, string? configDirectory)
    {
        if (string.IsNullOrWhiteSpace(http.ApiTokenFile))
        {
            return;
        }

        if (!string.IsNullOrEmpty(http.ApiToken))
        {
            throw new StationStartException("both Http:ApiToken and Http:ApiTokenFile are set: keep one (preferably the file).");
        }

        var path = Path.GetFullPath(http.ApiTokenFile, configDirectory ?? Directory.GetCurrentDirectory());
        try
        {
            if (new FileInfo(path).Length > MaxFileBytes)
            {
                throw new StationStartException($"Http:ApiTokenFile {path} is larger than {MaxFileBytes} bytes: it should hold one line, the token.");
            }

            var token = File.ReadAllText(path);
            http.ApiToken = token.EndsWith("\r\n", StringComparison.Ordinal) ? token[..^2]
                : token.EndsWith('\n') ? token[..^1] : token;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StationStartException($"Http:ApiTokenFile {path} cannot be read: {e.Message}", e);
        }
    }

    /// <summary>True when the value of Http:ApiToken that wins comes from the command line (the last source that has
    /// one decides, as in the configuration itself).</summary>
    public static bool CameFromCommandLine(IConfiguration configuration) =>
        configuration is IConfigurationRoot root
        && root.Providers.Reverse().FirstOrDefault(p => p.TryGet($"{HttpOptions.SectionName}:{nameof(HttpOptions.ApiToken)}", out var value)
            && !string.IsNullOrEmpty(value)) is CommandLineConfigurationProvider;
}
