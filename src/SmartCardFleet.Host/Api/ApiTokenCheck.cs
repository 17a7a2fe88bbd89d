using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using SmartCardFleet.Host.Configuration;
using SmartCardFleet.Host.Security;

namespace SmartCardFleet.Host.Api;

/// <summary>Finds who a presented token stands for: its SHA-256 is compared in constant time with EVERY configured
/// hash (Http:Tokens and Http:ApiToken), and the match is picked without a branch, so the time taken tells neither
/// which token matched nor whether one did. The token itself is never logged or echoed.</summary>
public sealed class ApiTokenCheck(IOptions<HttpOptions> options)
{
    private readonly ConfiguredToken[] _tokens = [.. ConfiguredTokens.From(options.Value)];

    public bool Required => _tokens.Length > 0;

    /// <summary>The caller of <paramref name="presented"/>; <see cref="FleetCaller.Local"/> when the station has no
    /// tokens; null when it has and the token is missing or matches none.</summary>
    public FleetCaller? Identify(string? presented)
    {
        if (!Required)
        {
            return FleetCaller.Local;
        }

        if (presented is null)
        {
            return null;
        }

        var hash = TokenHash.Of(presented);
        var found = -1;
        for (var i = 0; i < _tokens.Length; i++)
        {
            var match = CryptographicOperations.FixedTimeEquals(hash, _tokens[i].Hash) ? 1 : 0;
            // found stays when match is 0 (mask -1), becomes i when it is 1 (mask 0): no early exit, no branch on the match.
            found = (found & (match - 1)) | (i & -match);
        }

        return found < 0 ? null : _tokens[found].Caller;
    }

    public bool Accepts(string? presented) => Identify(presented) is not null;
}
