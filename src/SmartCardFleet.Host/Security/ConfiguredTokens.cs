using System.Text.RegularExpressions;
using SmartCardFleet.Host.Configuration;

namespace SmartCardFleet.Host.Security;

/// <summary>A token the station accepts: who it stands for and the SHA-256 a presented token must hash to.</summary>
public sealed record ConfiguredToken(FleetCaller Caller, byte[] Hash);

/// <summary>
/// The rules for Http:Tokens and the list the token check compares with. The single Http:ApiToken (or ApiTokenFile) of
/// earlier versions is one more token, named <see cref="LegacyName"/>, with the Admin role, so existing set-ups keep
/// working and their audit entries still say who acted.
/// </summary>
public static partial class ConfiguredTokens
{
    /// <summary>The name Http:ApiToken goes by in the audit journal and in 403 answers.</summary>
    public const string LegacyName = "api-token";

    /// <summary>The audit journal's names for a station without tokens and for a request without a valid token: no
    /// configured token may take them.</summary>
    public static readonly IReadOnlySet<string> ReservedNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        FleetCaller.Local.Name, AnonymousName,
    };

    public const string AnonymousName = "anonymous";

    public const int MaxNameLength = 64;

    /// <summary>Letters, digits, '.', '_' and '-', starting with a letter or digit: a name goes into logs, problem answers
    /// and the audit journal's CSV, so it carries nothing that could be read as markup, a separator or a new line.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    /// <summary>Why <paramref name="name"/> cannot name a token, or null when it can (reserved names and the charset;
    /// uniqueness is the configuration's).</summary>
    public static string? NameProblem(string? name) =>
        name is null || !NamePattern().IsMatch(name)
            ? $"must be 1..{MaxNameLength} letters, digits, '.', '_' or '-', starting with a letter or digit (got \"{Abstractions.Text.Bounded.Echo(name)}\")."
            : ReservedNames.Contains(name) ? $"\"{name}\" is reserved (the audit journal uses it for requests without a token)."
            : null;

    public static IEnumerable<string> Problems(HttpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var hashes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (options.RequiresLegacyToken)
        {
            names.Add(LegacyName);
            hashes.Add(TokenHash.Format(options.ApiToken!));
        }

        for (var i = 0; i < options.Tokens.Count; i++)
        {
            var key = $"{HttpOptions.SectionName}:{nameof(HttpOptions.Tokens)}:{i}";
            var token = options.Tokens[i];
            if (NameProblem(token.Name) is { } problem)
            {
                yield return $"{key}:Name {problem}";
            }
            else if (!names.Add(token.Name!))
            {
                yield return $"{key}:Name \"{token.Name}\" is used twice" +
                    (string.Equals(token.Name, LegacyName, StringComparison.OrdinalIgnoreCase) ? " (it is the name of Http:ApiToken)." : ".");
            }

            if (!TokenHash.TryParse(token.Hash, out _))
            {
                // Never echoed: someone may have put the token itself here.
                yield return $"{key}:Hash must be \"{TokenHash.Prefix}\" and the 64 hex digits of the token's SHA-256 " +
                    "(make one with `fleet token new NAME --role ROLE`, or `fleet token hash` for an existing token); the token itself is never configured.";
            }
            else if (!hashes.Add(token.Hash!))
            {
                yield return $"{key}:Hash is the hash of a token configured before: one token has one name and one role.";
            }

            if (!TryRole(token.Role, out _))
            {
                yield return $"{key}:Role \"{Abstractions.Text.Bounded.Echo(token.Role)}\" is not {EnumNames.Expected(typeof(FleetRole))}.";
            }
        }
    }

    /// <summary>Every token of valid options (the validator ran at start), Http:ApiToken first.</summary>
    public static IReadOnlyList<ConfiguredToken> From(HttpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var tokens = new List<ConfiguredToken>();
        if (options.RequiresLegacyToken)
        {
            tokens.Add(new ConfiguredToken(new FleetCaller(LegacyName, FleetRole.Admin), TokenHash.Of(options.ApiToken!)));
        }

        foreach (var token in options.Tokens)
        {
            if (!TokenHash.TryParse(token.Hash, out var hash) || !TryRole(token.Role, out var role) || string.IsNullOrEmpty(token.Name))
            {
                throw new InvalidOperationException("Http:Tokens was not validated: " + string.Join(" ", Problems(options)));
            }

            tokens.Add(new ConfiguredToken(new FleetCaller(token.Name, role), hash));
        }

        return tokens;
    }

    public static bool TryRole(string? text, out FleetRole role)
    {
        role = FleetRole.Viewer;
        if (text is null || !EnumNames.TryParse(typeof(FleetRole), text, [], out var parsed))
        {
            return false;
        }

        role = (FleetRole)parsed;
        return true;
    }
}
