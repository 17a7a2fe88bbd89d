namespace SmartCardFleet.Host.Api;

/// <summary>
/// With Http:ApiToken set, every request except the health probes, the dashboard's static files and the session login
/// must carry "Authorization: Bearer &lt;token&gt;" or the HttpOnly fleet_token cookie that POST /api/session sets
/// (EventSource cannot set headers). The token is never logged.
/// </summary>
public sealed class ApiTokenMiddleware(RequestDelegate next, ApiTokenCheck check)
{
    public const string CookieName = "fleet_token";

    private static readonly HashSet<string> OpenPaths = new(
        [.. DashboardEndpoints.Files.Keys, "/healthz", "/readyz", "/favicon.ico", SessionEndpoints.Path], StringComparer.OrdinalIgnoreCase);

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!check.Required || OpenPaths.Contains(context.Request.Path.Value ?? "/") || check.Accepts(Presented(context)))
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
}
