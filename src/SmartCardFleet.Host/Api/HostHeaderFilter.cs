using Microsoft.Extensions.Options;
using SmartCardFleet.Host.Configuration;
using SmartCardFleet.Host.Station;

namespace SmartCardFleet.Host.Api;

/// <summary>
/// Against DNS rebinding: a web page from evil.example whose name is re-pointed at 127.0.0.1 reaches the station with
/// "Host: evil.example". While every bound address is loopback (and so no token is needed), only loopback host names
/// (localhost, 127.x.x.x, [::1], any port) and the names in Http:AllowedHosts are answered. Off loopback the token
/// guards the API; Http:AllowedHosts, when set, still limits the names. "*" in Http:AllowedHosts turns the check off.
/// </summary>
public sealed class HostHeaderFilter(RequestDelegate next, ListenExposure exposure, IOptions<HttpOptions> options)
{
    /// <summary>How much of a refused Host header is echoed back: enough to recognise it, bounded.</summary>
    private const int EchoLimit = 100;

    private readonly HashSet<string> _allowed = new(options.Value.AllowedHosts.Select(h => h.Trim('[', ']')), StringComparer.OrdinalIgnoreCase);

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var host = context.Request.Host.Host;
        if (Allowed(host))
        {
            return next(context);
        }

        var shown = host.Length > EchoLimit ? host[..EchoLimit] + "…" : host;
        return Results.Problem(
            detail: $"this station does not answer for the host name \"{shown}\" (Host header): it answers loopback names " +
                "(localhost, 127.0.0.1, [::1]); add the name to Http:AllowedHosts to allow it",
            statusCode: StatusCodes.Status400BadRequest, title: "Host not allowed").ExecuteAsync(context);
    }

    private bool Allowed(string host)
    {
        if (_allowed.Contains("*") || ListenUrl.IsLoopbackHost(host) || _allowed.Contains(host.Trim('[', ']')))
        {
            return true;
        }

        // Off loopback without a list of names: the token (required there) is the guard, any name may be used.
        return _allowed.Count == 0 && !exposure.LoopbackOnly;
    }
}
