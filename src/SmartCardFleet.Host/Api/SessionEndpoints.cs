namespace SmartCardFleet.Host.Api;

/// <summary>
/// POST /api/session { token }: the dashboard's login. The station checks the token and keeps it in the fleet_token
/// cookie, HttpOnly (page scripts cannot read it), SameSite=Strict (other sites' pages do not send it), Secure over
/// https, Path=/. The EventSource then carries it, as it cannot send an Authorization header. DELETE ends the session.
/// Browsers send a cookie to every port of the host, so another web server on the same host name receives it: the
/// README says so.
/// </summary>
public static class SessionEndpoints
{
    public const string Path = "/api/session";

    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, Open).WithTags("Session")
            .WithSummary("Checks the API token and keeps it in an HttpOnly cookie for the dashboard")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized);
        app.MapDelete(Path, Close).WithTags("Session").WithSummary("Removes the dashboard's token cookie");
        return app;
    }

    internal static IResult Open(SessionRequest request, ApiTokenCheck check, HttpContext context)
    {
        if (string.IsNullOrEmpty(request.Token))
        {
            return Problems.BadRequest("send { \"token\": \"<the value of Http:ApiToken>\" }", "token");
        }

        if (!check.Accepts(request.Token))
        {
            return Results.Problem(detail: "this is not the station's API token (Http:ApiToken)",
                statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
        }

        // A station without a token needs no session: nothing to keep.
        if (check.Required)
        {
            context.Response.Cookies.Append(ApiTokenMiddleware.CookieName, request.Token, CookieOptions(context));
        }

        return Results.NoContent();
    }

    private static IResult Close(HttpContext context)
    {
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
