using System.Net;

namespace SmartCardFleet.Host.Configuration;

/// <summary>Reads a listen URL the way Kestrel does (including its "*" and "+" wildcards) to tell whether it stays on
/// this machine. Used for the configured URLs before start and for the addresses Kestrel reports after binding.</summary>
internal static class ListenUrl
{
    /// <summary>Kestrel's own separator: "--urls 'a;b'" and ASPNETCORE_URLS bind a and b.</summary>
    public static IEnumerable<string> Split(string urls) =>
        urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static bool TryParse(string url, out Uri uri)
    {
        // Kestrel's wildcard forms ("http://*:80", "http://+:80") are not valid URIs; they bind every interface.
        var normalised = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        return Uri.TryCreate(normalised, UriKind.Absolute, out uri!) && uri.Scheme is "http" or "https" && !string.IsNullOrEmpty(uri.Host);
    }

    /// <summary>True only for what provably stays on this machine: "localhost" and loopback IP literals. Any other name
    /// (Kestrel binds every interface for a host name it cannot parse as an IP), "unix:" and "pipe:" count as exposed.</summary>
    public static bool IsLoopback(string url) => TryParse(url, out var uri) && IsLoopbackHost(uri.Host);

    public static bool IsLoopbackHost(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
