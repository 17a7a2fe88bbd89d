namespace SmartCardFleet.Host.Api;

/// <summary>
/// Headers every answer carries for the browser on the kiosk: the dashboard loads its script, style and data from the
/// station only (no inline script, so an injected tag cannot run), no page may frame it (clickjacking of its buttons),
/// no content sniffing, no referrer leaking reader ids to other sites, and no other origin may embed its answers.
/// Set when the response starts, so error answers written later by the exception handler carry them too.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.OnStarting(static state =>
        {
            var headers = ((HttpResponse)state).Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            return Task.CompletedTask;
        }, context.Response);
        return next(context);
    }
}
