using SmartCardFleet.Host.Security;

namespace SmartCardFleet.Host.Api;

/// <summary>
/// With any API token configured (Http:Tokens, Http:ApiToken), every request except the health probes, the dashboard's
/// static files and the session login must carry "Authorization: Bearer &lt;token&gt;" or the HttpOnly fleet_token
/// cookie that POST /api/session sets (EventSource cannot set headers). The token names the caller; the endpoint's
/// role (<see cref="EndpointRoles"/>) decides whether the caller may go on: 401 without a valid token, 403 naming the
/// missing role otherwise. Without tokens every request is <see cref="FleetCaller.Local"/>. The token is never logged.
/// Routing has already picked the endpoint (WebApplication routes first), so its metadata is known here.
/// </summary>
public sealed class ApiTokenMiddleware(RequestDelegate next, ApiTokenCheck check)
{
    public const string CookieName = "fleet_token";

    private static readonly HashSet<string> OpenPaths = new(
        [.. DashboardEndpoints.Files.Keys, "/healthz", "/readyz", "/favicon.ico", SessionEndpoints.Path], StringComparer.OrdinalIgnoreCase);

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var endpoint = context.GetEndpoint();
        if (!check.Required)
        {
            context.SetCaller(FleetCaller.Local);
            return next(context);
        }

        if (OpenPaths.Contains(context.Request.Path.Value ?? "/") || EndpointRoles.IsOpen(endpoint))
        {
            return next(context);
        }

        if (check.Identify(Presented(context)) is not { } caller)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"fleet\"";
            return Results.Problem(
                detail: "this station requires an API token: send \"Authorization: Bearer <token>\" (a token of Http:Tokens or Http:ApiToken)",
                statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized").ExecuteAsync(context);
        }

        context.SetCaller(caller);
        var required = EndpointRoles.For(endpoint, context.Request.Method);
        // No endpoint: nothing will run, the answer is routing's 404 (a known caller may learn that a path does not exist).
        if (endpoint is null || caller.Has(required))
        {
            return next(context);
        }

        context.NoteAuditDetail($"Forbidden: needs {required}");
        return Results.Problem(
            detail: $"this request needs the {required} role; the token \"{caller.Name}\" has the {caller.Role} role",
            statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
            extensions: new Dictionary<string, object?>
            {
                ["requiredRole"] = required.ToString(), ["role"] = caller.Role.ToString(), ["caller"] = caller.Name,
            }).ExecuteAsync(context);
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
