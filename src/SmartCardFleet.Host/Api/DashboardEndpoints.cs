using System.Reflection;

namespace SmartCardFleet.Host.Api;

/// <summary>GET / (and its scripts and style) straight from embedded resources: one static page, no build step, no CDN.</summary>
public static class DashboardEndpoints
{
    /// <summary>Each static file by its path; the page itself is also at /. Open without the API token (the page asks for it).</summary>
    public static IReadOnlyDictionary<string, (string Resource, string ContentType)> Files { get; } =
        new Dictionary<string, (string, string)>(StringComparer.OrdinalIgnoreCase)
        {
            ["/"] = ("index.html", "text/html; charset=utf-8"),
            ["/index.html"] = ("index.html", "text/html; charset=utf-8"),
            ["/dashboard.js"] = ("dashboard.js", "text/javascript; charset=utf-8"),
            ["/operation-form.js"] = ("operation-form.js", "text/javascript; charset=utf-8"),
            ["/plugins-panel.js"] = ("plugins-panel.js", "text/javascript; charset=utf-8"),
            ["/fleet-view.js"] = ("fleet-view.js", "text/javascript; charset=utf-8"),
            ["/audit-view.js"] = ("audit-view.js", "text/javascript; charset=utf-8"),
            ["/jobs-view.js"] = ("jobs-view.js", "text/javascript; charset=utf-8"),
            ["/dashboard.css"] = ("dashboard.css", "text/css; charset=utf-8"),
        };

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        foreach (var (path, (resource, contentType)) in Files)
        {
            app.MapGet(path, () => Resource(resource, contentType)).ExcludeFromDescription();
        }

        return app;
    }

    private static IResult Resource(string name, string contentType)
    {
        var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Dashboard." + name);
        return stream is null ? Results.NotFound() : Results.Stream(stream, contentType);
    }
}
