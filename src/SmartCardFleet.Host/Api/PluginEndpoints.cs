using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartCardFleet.Abstractions.Text;
using SmartCardFleet.Cluster.Topology;
using SmartCardFleet.Core.Messaging;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Host.Events;
using SmartCardFleet.Host.Metrics;
using SmartCardFleet.Host.Security;

namespace SmartCardFleet.Host.Api;

/// <summary>GET /api/plugins, POST /api/plugins/reload, POST /api/plugins/{id}/reload, DELETE /api/plugins/{id}/quarantine and
/// POST /api/readers/{id}/operations/{operation}. The plugin commands act on one station: ?station=name (default: this
/// station; a console has no plugins and needs it); an operation runs on the station that owns the reader.</summary>
public static class PluginEndpoints
{
    /// <summary>A plugin id, or a folder name (one path segment on common file systems), is never longer.</summary>
    public const int MaxPluginIdLength = 255;

    public static RouteGroupBuilder MapPluginEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/plugins", ListAsync).WithTags("Plugins").ProducesProblem(400).ProducesProblem(504)
            .WithSummary("The plugins of this station and, on a clustered node, of every reachable station (each names its station; " +
                "a station whose plugin host does not answer within 3 s is left out; ?station= lists one station's)")
            .RequireRole(FleetRole.Viewer);
        // Not the request's token: a client that leaves must not cut a reload in half.
        api.MapPost("/plugins/reload", async (string? station, FleetTargets targets, IPluginGateway plugins, HttpContext context) =>
            {
                if (!targets.TryStationParameter(station, out var target, out var problem))
                {
                    return problem!;
                }

                context.SetAuditSubject(new AuditSubject(null, null, null, null) { Station = target.Name });
                return (await plugins.ReloadAsync(target, CancellationToken.None)).ToHttp(list => list);
            }).WithTags("Plugins")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(503).ProducesProblem(504)
            .RequireRole(FleetRole.Admin).Audited("plugin.reload");
        // Neither takes the request's token: a client that leaves must not cut a reload or a quarantine change in half.
        api.MapPost("/plugins/{id}/reload", async (string id, string? station, FleetTargets targets, IPluginGateway plugins, HttpContext context) =>
                await CommandAsync(id, station, targets, plugins.ReloadOneAsync, context)).WithTags("Plugins")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(503).ProducesProblem(504)
            .RequireRole(FleetRole.Admin).Audited("plugin.reload-one");
        api.MapDelete("/plugins/{id}/quarantine", async (string id, string? station, FleetTargets targets, IPluginGateway plugins, HttpContext context) =>
                await CommandAsync(id, station, targets, plugins.ClearQuarantineAsync, context)).WithTags("Plugins")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(503).ProducesProblem(504)
            .RequireRole(FleetRole.Admin).Audited("plugin.clear-quarantine");
        api.MapPost("/readers/{id}/operations/{operation}", RunAsync).WithTags("Plugins")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409)
            .ProducesProblem(502).ProducesProblem(503).ProducesProblem(504)
            .RequireRole(FleetRole.Operator).Audited("plugin.operation");
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<PluginDto>>, ProblemHttpResult>> ListAsync(string? station, FleetTargets targets,
        IFleetTopology topology, IPluginGateway plugins, CancellationToken cancellationToken)
    {
        if (station is not null || !topology.Clustered)
        {
            return targets.TryStationParameter(station, out var target, out var problem)
                ? (await plugins.ListAsync(target, cancellationToken)).ToHttp(list => list)
                : problem!;
        }

        var reachable = topology.Current.Stations
            .Where(s => s.Role == NodeRole.Station && (!s.IsSelf || targets.HasLocalActors))
            .OrderBy(s => s.IsSelf ? 0 : 1).ThenBy(s => s.Name, StringComparer.Ordinal)
            .Select(s => targets.TryStation(s.Name, out var target, out _) ? target : null)
            .OfType<StationTarget>();
        var lists = await Task.WhenAll(reachable.Select(s => plugins.ListAsync(s, cancellationToken)));
        return TypedResults.Ok<IReadOnlyList<PluginDto>>([.. lists.Where(l => l.IsSuccess).SelectMany(l => l.Value!)]);
    }

    private static async Task<Results<Ok<IReadOnlyList<PluginDto>>, ProblemHttpResult>> CommandAsync(string id, string? station,
        FleetTargets targets, Func<StationTarget, string, CancellationToken, Task<PluginCommandReply>> command, HttpContext context)
    {
        if (!targets.TryStationParameter(station, out var target, out var problem))
        {
            return problem!;
        }

        context.SetAuditSubject(new AuditSubject(null, null, null, new() { ["plugin"] = Bounded.Echo(id) }) { Station = target.Name });
        if (id.Length > MaxPluginIdLength)
        {
            return Problems.From(new PluginCommandFailed(id, PluginCommandFailureReason.UnknownPlugin, ""));
        }

        var reply = await command(target, id, CancellationToken.None);
        if (reply.IsSuccess)
        {
            return TypedResults.Ok<IReadOnlyList<PluginDto>>([.. reply.Value.ToDtos().Select(p => p with { Station = target.Name })]);
        }

        return target.IsLost ? Problems.StationUnreachable(target.Name, null, reply.Failure.Message) : Problems.From(reply.Failure);
    }

    private static async Task<Results<Ok<OperationResultDto>, ProblemHttpResult>> RunAsync(string id, string operation, OperationRequest? body,
        FleetTargets targets, IPluginGateway plugins, FleetMetrics metrics, ReaderActivity activity, HttpContext context,
        CancellationToken cancellationToken)
    {
        if (!targets.TryReader(id, out var target, out var notFound))
        {
            return notFound!;
        }

        context.SetReaderSubject(target);
        if (string.IsNullOrWhiteSpace(operation) || operation.Length > 100)
        {
            return Problems.BadRequest("operation must be a name of 1..100 characters (see GET /api/plugins)", "operation");
        }

        // Until the plugin that ran it is known, the arguments show only their kinds (no descriptor says what they hold).
        context.SetReaderSubject(target, AuditSubjects.Operation(operation, body?.Arguments, null, null));
        var stopwatch = Stopwatch.StartNew();
        var outcome = await plugins.RunAsync(target, operation, body?.Arguments ?? new JsonObject(), cancellationToken);
        stopwatch.Stop();
        // The catalog gives the descriptor that redacts the arguments for the audit journal (as the card session's log
        // does) and says whether the operation name may be a metric label; the client may have left meanwhile.
        var catalog = (await plugins.StatusAsync(target.Station, CancellationToken.None)).Value;
        context.SetReaderSubject(target, AuditSubjects.Operation(operation, body?.Arguments, outcome.Plugin, catalog));
        // Metrics count operations on this station's own readers only: another station's plugin ids and operation
        // names are not bounded by what this node loaded, so an operation routed there is not a label here.
        if (target.Station.Remote is null)
        {
            // The name is a metric label only if a plugin offers it; the outcome is counted even when the client left.
            var offered = catalog is not null && catalog.Plugins.Any(p => p.Operations.Contains(operation, StringComparer.Ordinal));
            metrics.RecordOperation(target.Reader.Value, outcome.Plugin, offered ? operation : null,
                outcome.Succeeded ? "ok" : outcome.FailureReason ?? "failed", stopwatch.Elapsed);
        }

        activity.Record(target.Station.Name, target.Reader, operation, outcome.Succeeded, outcome.FailureDetail, outcome.Plugin);
        if (!outcome.Succeeded)
        {
            var extensions = new Dictionary<string, object?> { ["reason"] = outcome.FailureReason, ["plugin"] = outcome.Plugin };
            if (targets.Clustered)
            {
                extensions["station"] = target.Station.Name;
                extensions["readerId"] = target.Id;
            }

            return TypedResults.Problem(detail: outcome.FailureDetail, statusCode: outcome.FailureStatus,
                title: outcome.FailureReason ?? "Operation failed", extensions: extensions);
        }

        return TypedResults.Ok(new OperationResultDto(target.Id, outcome.Plugin, operation, outcome.Result,
            Math.Round(stopwatch.Elapsed.TotalMilliseconds, 3)));
    }
}
