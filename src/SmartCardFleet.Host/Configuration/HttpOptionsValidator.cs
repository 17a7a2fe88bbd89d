using Microsoft.Extensions.Options;

namespace SmartCardFleet.Host.Configuration;

/// <summary>URLs must parse and have no path; any non-loopback URL needs an API token (the station drives physical
/// cards); the token is compared exactly, so it may not start or end with whitespace; allowed hosts are host names.
/// Addresses that come from elsewhere (Kestrel:Endpoints, ...) are checked after binding by ListenAddressGuard.</summary>
public sealed class HttpOptionsValidator : IValidateOptions<HttpOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        for (var i = 0; i < options.Urls.Count; i++)
        {
            errors.AddRange(ListenUrl.Split(options.Urls[i]).Select(url => UrlError($"Http:Urls:{i}", url, options)).OfType<string>());
        }

        errors.AddRange(Security.ConfiguredTokens.Problems(options));
        if (options.RequiresLegacyToken)
        {
            var token = options.ApiToken!;
            if (token.Trim().Length != token.Length)
            {
                errors.Add("Http:ApiToken starts or ends with whitespace, which a client would not send: remove it " +
                    "(a token file may end with one newline).");
            }

            if (token.Trim().Length < 16)
            {
                errors.Add("Http:ApiToken must be at least 16 characters.");
            }
        }

        for (var i = 0; i < options.AllowedHosts.Count; i++)
        {
            var host = options.AllowedHosts[i];
            if (host != "*" && Uri.CheckHostName(host.Trim('[', ']')) == UriHostNameType.Unknown)
            {
                errors.Add($"Http:AllowedHosts:{i} must be a host name or IP address without scheme or port, or \"*\" (got \"{host}\").");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static string? UrlError(string key, string url, HttpOptions options)
    {
        if (!ListenUrl.TryParse(url, out var uri))
        {
            return $"{key} is not an http(s) URL with a host and port (got \"{url}\").";
        }

        if (uri.AbsolutePath != "/" || uri.Query.Length > 0)
        {
            return $"{key} has a path (got \"{url}\"): the station serves from the root; put a reverse proxy in front for a path prefix.";
        }

        return ListenUrl.IsLoopbackHost(uri.Host) || options.RequiresToken ? null
            : $"{key} binds \"{url}\", which is reachable from other machines: set Http:ApiToken " +
                "(environment FLEET_Http__ApiToken or Http:ApiTokenFile) or named tokens in Http:Tokens, or bind 127.0.0.1.";
    }
}
