using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartCardFleet.Core.Messaging;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Host.Events;
using SmartCardFleet.Host.Metrics;

namespace SmartCardFleet.Host.Api;

/// <summary>GET /api/plugins, POST /api/plugins/reload, POST /api/plugins/{id}/reload, DELETE /api/plugins/{id}/quarantine and
/// POST /api/readers/{id}/operations/{operation}.</summary>
public static class PluginEndpoints
{
    /// <summary>A plugin id, or a folder name (one path segment on common file systems), is never longer.</summary>
    public const int MaxPluginIdLength = 255;

    public static RouteGroupBuilder MapPluginEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/plugins", async (IPluginGateway plugins, CancellationToken cancellationToken) =>
            (await plugins.ListAsync(cancellationToken)).ToHttp(list => list)).WithTags("Plugins").ProducesProblem(504);
        // Not the request's token: a client that leaves must not cut a reload in half.
        api.MapPost("/plugins/reload", async (IPluginGateway plugins) =>
            (await plugins.ReloadAsync(CancellationToken.None)).ToHttp(list => list)).WithTags("Plugins").ProducesProblem(504);
        // Neither takes the request's token: a client that leaves must not cut a reload or a quarantine change in half.
        api.MapPost("/plugins/{id}/reload", async (string id, IPluginGateway plugins) =>
                await CommandAsync(id, plugins.ReloadOneAsync)).WithTags("Plugins")
            .ProducesProblem(404).ProducesProblem(503).ProducesProblem(504);
        api.MapDelete("/plugins/{id}/quarantine", async (string id, IPluginGateway plugins) =>
                await CommandAsync(id, plugins.ClearQuarantineAsync)).WithTags("Plugins")
            .ProducesProblem(404).ProducesProblem(409).ProducesProblem(503).ProducesProblem(504);
        api.MapPost("/readers/{id}/operations/{operation}", RunAsync).WithTags("Plugins")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409)
            .ProducesProblem(502).ProducesProblem(504);
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<PluginDto>>, ProblemHttpResult>> CommandAsync(string id,
        Func<string, CancellationToken, Task<PluginCommandReply>> command)
    {
        if (id.Length > MaxPluginIdLength)
        {
            return Problems.From(new PluginCommandFailed(id, PluginCommandFailureReason.UnknownPlugin, ""));
        }

        var reply = await command(id, CancellationToken.None);
        return reply.IsSuccess ? TypedResults.Ok(reply.Value.ToDtos()) : Problems.From(reply.Failure);
    }

    private static async Task<Results<Ok<OperationResultDto>, ProblemHttpResult>> RunAsync(string id, string operation, OperationRequest? body, IPluginGateway plugins,
        FleetMetrics metrics, ReaderActivity activity, CancellationToken cancellationToken)
    {
        if (!RequestParsing.TryReaderId(id, out var readerId, out var notFound))
        {
            return Problems.NotFound(notFound!);
        }

        if (string.IsNullOrWhiteSpace(operation) || operation.Length > 100)
        {
            return Problems.BadRequest("operation must be a name of 1..100 characters (see GET /api/plugins)", "operation");
        }

        var stopwatch = Stopwatch.StartNew();
        var outcome = await plugins.RunAsync(readerId, operation, body?.Arguments ?? new JsonObject(), cancellationToken);
        stopwatch.Stop();
        // The name is a metric label only if a plugin offers it; the outcome is counted even when the client left.
        var offered = await plugins.OffersAsync(operation, CancellationToken.None);
        metrics.RecordOperation(readerId.Value, outcome.Plugin, offered ? operation : null,
            outcome.Succeeded ? "ok" : outcome.FailureReason ?? "failed", stopwatch.Elapsed);
        activity.Record(readerId.Value, operation, outcome.Succeeded, outcome.FailureDetail, outcome.Plugin);
        if (!outcome.Succeeded)
        {
            return TypedResults.Problem(detail: outcome.FailureDetail, statusCode: outcome.FailureStatus,
                title: outcome.FailureReason ?? "Operation failed",
                extensions: new Dictionary<string, object?> { ["reason"] = outcome.FailureReason, ["plugin"] = outcome.Plugin });
        }

        return TypedResults.Ok(new OperationResultDto(readerId.Value, outcome.Plugin, operation, outcome.Result,
            Math.Round(stopwatch.Elapsed.TotalMilliseconds, 3)));
    }
}
