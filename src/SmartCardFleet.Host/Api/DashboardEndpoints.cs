using System.Reflection;

namespace SmartCardFleet.Host.Api;

/// <summary>GET / (and its script and style) straight from embedded resources: one static page, no build step, no CDN.</summary>
public static class DashboardEndpoints
{
    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Resource("index.html", "text/html; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/dashboard.js", () => Resource("dashboard.js", "text/javascript; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/dashboard.css", () => Resource("dashboard.css", "text/css; charset=utf-8")).ExcludeFromDescription();
        return app;
    }

    private static IResult Resource(string name, string contentType)
    {
        var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Dashboard." + name);
        return stream is null ? Results.NotFound() : Results.Stream(stream, contentType);
    }
}
