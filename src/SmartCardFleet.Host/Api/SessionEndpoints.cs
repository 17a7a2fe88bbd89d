using SmartCardFleet.Host.Security;

namespace SmartCardFleet.Host.Api;

/// <summary>
/// POST /api/session { token }: the dashboard's login. The station checks the token and keeps it in the fleet_token
/// cookie, HttpOnly (page scripts cannot read it), SameSite=Strict (other sites' pages do not send it), Secure over
/// https, Path=/. The EventSource then carries it, as it cannot send an Authorization header. DELETE ends the session.
/// Browsers send a cookie to every port of the host, so another web server on the same host name receives it: the
/// README says so. Both are open without a token (the login checks the token it is given) and audited: a login names
/// the token it accepted, or "anonymous" when it refused one.
/// </summary>
public static class SessionEndpoints
{
    public const string Path = "/api/session";

    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, Open).WithTags("Session")
            .WithSummary("Checks the API token and keeps it in an HttpOnly cookie for the dashboard")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .AllowWithoutToken().Audited(AuditMiddleware.LoginAction);
        app.MapDelete(Path, Close).WithTags("Session").WithSummary("Removes the dashboard's token cookie")
            .AllowWithoutToken().Audited("session.logout");
        return app;
    }

    internal static IResult Open(SessionRequest request, ApiTokenCheck check, HttpContext context)
    {
        if (string.IsNullOrEmpty(request.Token))
        {
            context.NoteAuditDetail("Bad Request (token)");
            return Problems.BadRequest("send { \"token\": \"<an API token of this station>\" }", "token");
        }

        if (check.Identify(request.Token) is not { } caller)
        {
            return Results.Problem(detail: "this is not one of the station's API tokens (Http:Tokens, Http:ApiToken)",
                statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
        }

        context.SetCaller(caller);
        // A station without a token needs no session: nothing to keep.
        if (check.Required)
        {
            context.Response.Cookies.Append(ApiTokenMiddleware.CookieName, request.Token, CookieOptions(context));
        }

        return Results.NoContent();
    }

    private static IResult Close(HttpContext context, ApiTokenCheck check)
    {
        if (context.Request.Cookies.TryGetValue(ApiTokenMiddleware.CookieName, out var token) && check.Identify(token) is { } caller)
        {
            context.SetCaller(caller);
        }

        context.Response.Cookies.Delete(ApiTokenMiddleware.CookieName, CookieOptions(context));
        return Results.NoContent();
    }

    private static CookieOptions CookieOptions(HttpContext context) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = "/",
        IsEssential = true,
    };
}

/// <summary>Body of POST /api/session.</summary>
public sealed record SessionRequest(string? Token);
