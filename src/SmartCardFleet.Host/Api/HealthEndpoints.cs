using Akka.Actor;
using SmartCardFleet.Host.Station;

namespace SmartCardFleet.Host.Api;

/// <summary>/healthz: the process and its ActorSystem are alive. /readyz: PC/SC reachable and plugins loaded.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", (ActorSystem system) => system.WhenTerminated.IsCompleted
            ? Results.Json(new { status = "terminated" }, statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Json(new { status = "alive" })).WithTags("Health");
        app.MapGet("/readyz", async (StationReadiness readiness, IPluginGateway plugins, CancellationToken cancellationToken) =>
        {
            readiness.PluginsLoaded = await plugins.LoadedAsync(cancellationToken);
            var (ready, detail, reachable) = readiness.Snapshot();
            var body = new ReadinessDto(ready, reachable, detail, readiness.PluginsLoaded);
            return Results.Json(body, statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        }).WithTags("Health").Produces<ReadinessDto>().Produces<ReadinessDto>(503);
        return app;
    }
}
