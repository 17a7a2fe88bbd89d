using System.Net;
using Microsoft.Extensions.Options;

namespace SmartCardFleet.Host.Configuration;

/// <summary>URLs must parse; any non-loopback binding needs an API token (the station drives physical cards).</summary>
public sealed class HttpOptionsValidator : IValidateOptions<HttpOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var urls = options.EffectiveUrls;
        for (var i = 0; i < urls.Count; i++)
        {
            if (!TryGetHost(urls[i], out var host))
            {
                errors.Add($"Http:Urls:{i} is not an http(s) URL with a host and port (got \"{urls[i]}\").");
                continue;
            }

            if (!IsLoopback(host) && !options.RequiresToken)
            {
                errors.Add($"Http:Urls:{i} binds \"{urls[i]}\", which is reachable from other machines: set Http:ApiToken " +
                    "(environment FLEET_Http__ApiToken) or bind 127.0.0.1.");
            }
        }

        if (options.RequiresToken && options.ApiToken!.Trim().Length < 16)
        {
            errors.Add("Http:ApiToken must be at least 16 characters.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static bool IsLoopback(string host)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }

    private static bool TryGetHost(string url, out string host)
    {
        host = "";
        // Kestrel's wildcard forms ("http://*:80", "http://+:80") are not valid URIs; they bind every interface.
        var normalised = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalised, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
        {
            return false;
        }

        host = uri.Host;
        return true;
    }
}
