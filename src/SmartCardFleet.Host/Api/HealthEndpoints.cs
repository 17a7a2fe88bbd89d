using Akka.Actor;
using SmartCardFleet.Host.Station;

namespace SmartCardFleet.Host.Api;

/// <summary>/healthz: the process and its ActorSystem are alive. /readyz: PC/SC reachable and plugins loaded, and when
/// clustered this node a member Up (<see cref="NodeReadiness"/>); the database's health is reported in its "storage" field
/// without deciding readiness.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", (ActorSystem system) => system.WhenTerminated.IsCompleted
            ? Results.Json(new { status = "terminated" }, statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Json(new { status = "alive" })).WithTags("Health");
        app.MapGet("/readyz", async (NodeReadiness readiness, CancellationToken cancellationToken) =>
        {
            var body = await readiness.CheckAsync(cancellationToken);
            return Results.Json(body, statusCode: body.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        }).WithTags("Health").Produces<ReadinessDto>().Produces<ReadinessDto>(503);
        return app;
    }
}
