using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SmartCardFleet.Host.Configuration;

namespace SmartCardFleet.Host.Api;

/// <summary>
/// With Http:ApiToken set, every request except the health probes and the dashboard's static files must carry
/// "Authorization: Bearer &lt;token&gt;" (or the dashboard's fleet_token cookie, because EventSource cannot set headers).
/// Compared in constant time over hashes; the token is never logged.
/// </summary>
public sealed class ApiTokenMiddleware(RequestDelegate next, IOptions<HttpOptions> options)
{
    public const string CookieName = "fleet_token";

    private static readonly HashSet<string> OpenPaths = new(StringComparer.OrdinalIgnoreCase)
    {
        "/", "/index.html", "/dashboard.js", "/dashboard.css", "/healthz", "/readyz", "/favicon.ico",
    };

    private readonly byte[]? _expected = options.Value.RequiresToken ? Hash(options.Value.ApiToken!) : null;

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_expected is null || OpenPaths.Contains(context.Request.Path.Value ?? "/") || Presented(context) is { } token
            && CryptographicOperations.FixedTimeEquals(Hash(token), _expected))
        {
            return next(context);
        }

        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"fleet\"";
        return Results.Problem(
            detail: "this station requires an API token: send \"Authorization: Bearer <token>\" (the value of Http:ApiToken)",
            statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized").ExecuteAsync(context);
    }

    private static string? Presented(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.FirstOrDefault();
        if (header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        return context.Request.Cookies.TryGetValue(CookieName, out var cookie) ? cookie : null;
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
