using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SmartCardFleet.Abstractions;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Host.Configuration;
using SmartCardFleet.Host.Events;
using SmartCardFleet.Host.Security;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Host.Api;

/// <summary>GET /api/readers, GET /api/readers/{id}, POST attach / detach / reconnect. {id} is "station.reader" or a bare
/// reader id (<see cref="FleetTargets"/>); each request runs on the station that owns the reader.</summary>
public static class ReaderEndpoints
{
    public static RouteGroupBuilder MapReaderEndpoints(this RouteGroupBuilder api)
    {
        var readers = api.MapGroup("/readers").WithTags("Readers");
        readers.MapGet("/", ListAsync).ProducesProblem(400).ProducesProblem(503)
            .WithSummary("Every reader of this station and, on a clustered node, of every other station: readers of an unreachable " +
                "station are listed from the fleet directory with state Unreachable; a reachable station that does not answer within " +
                "5 s is not listed and has one entry in unavailable (readerId null, station, reason Timeout or StationUnreachable). " +
                "Filters: station, state (a reader state or Unreachable), cardType; exact names.")
            .RequireRole(FleetRole.Viewer);
        readers.MapGet("/{id}", GetAsync).ProducesProblem(404).ProducesProblem(503).RequireRole(FleetRole.Viewer);
        readers.MapPost("/{id}/attach", AttachAsync).ProducesProblem(400).ProducesProblem(409).ProducesProblem(423).ProducesProblem(503)
            .RequireRole(FleetRole.Operator).Audited("reader.attach");
        readers.MapPost("/{id}/detach", DetachAsync).ProducesProblem(400).ProducesProblem(409).ProducesProblem(503)
            .RequireRole(FleetRole.Operator).Audited("reader.detach");
        readers.MapPost("/{id}/reconnect", ReconnectAsync).ProducesProblem(400).ProducesProblem(409).ProducesProblem(503)
            .RequireRole(FleetRole.Operator).Audited("reader.reconnect");
        return api;
    }

    private static async Task<Results<Ok<ReaderListDto>, ProblemHttpResult>> ListAsync(string? station, string? state, string? cardType,
        FleetReaderList list, CancellationToken cancellationToken) =>
        ReaderListFilter.TryParse(station, state, cardType, out var filter, out var problem)
            ? await list.ListAsync(filter, cancellationToken)
            : Problems.BadRequest(problem!.Detail, problem.Field);

    private static async Task<Results<Ok<ReaderDto>, ProblemHttpResult>> GetAsync(string id, ReaderGateway gateway,
        IPluginGateway plugins, FleetTargets targets, CancellationToken cancellationToken)
    {
        if (!targets.TryReader(id, out var target, out var notFound))
        {
            return notFound!;
        }

        var reply = await gateway.AskReaderAsync(target, GetStatus.Instance, cancellationToken);
        return reply.IsSuccess
            ? TypedResults.Ok(await FleetReaderList.WithCardTypeAsync(reply.Value, target, plugins, cancellationToken))
            : Problems.From(reply.Failure, target, targets);
    }

    private static async Task<Results<Ok<AttachedDto>, ProblemHttpResult>> AttachAsync(string id, AttachRequest? body,
        ReaderGateway gateway, FleetTargets targets, ReaderActivity activity, IOptions<StationOptions> options, HttpContext context,
        CancellationToken cancellationToken)
    {
        var defaults = options.Value.Readers;
        if (!targets.TryReader(id, out var target, out var notFound))
        {
            return notFound!;
        }

        context.SetReaderSubject(target);
        if (!RequestParsing.TryConnection(body?.ShareMode, body?.Protocols, defaults, out var shareMode, out var protocols, out var problem))
        {
            return Problems.BadRequest(problem!.Detail, problem.Field);
        }

        var reply = await gateway.AskReaderAsync(target, new Attach(shareMode, protocols), cancellationToken);
        context.SetReaderSubject(target, new() { ["shareMode"] = shareMode.ToString(), ["protocols"] = protocols.ToString() },
            reply.IsSuccess ? Hex.Format(reply.Value.Atr) : null);
        Record(activity, target, "attach", reply.Failure);
        return reply.ToHttp(a => new AttachedDto(target.Id, a.Session.ToString(), a.Protocol.ToString(), a.ShareMode.ToString(),
            Hex.Format(a.Atr)), target, targets);
    }

    private static async Task<Results<Ok<DetachedDto>, ProblemHttpResult>> DetachAsync(string id, DetachRequest? body,
        ReaderGateway gateway, FleetTargets targets, ReaderActivity activity, HttpContext context, CancellationToken cancellationToken)
    {
        if (!targets.TryReader(id, out var target, out var notFound))
        {
            return notFound!;
        }

        context.SetReaderSubject(target);
        if (!RequestParsing.TryEnum(body?.Disposition, CardDisposition.Leave, "disposition", out var disposition, out var problem))
        {
            return Problems.BadRequest(problem!.Detail, problem.Field);
        }

        context.SetReaderSubject(target, new() { ["disposition"] = disposition.ToString() });
        var reply = await gateway.AskReaderAsync(target, new Detach(disposition), cancellationToken);
        Record(activity, target, "detach", reply.Failure);
        return reply.ToHttp(d => new DetachedDto(target.Id, d.Session.ToString(), d.Disposition.ToString()), target, targets);
    }

    private static async Task<Results<Ok<ReconnectedDto>, ProblemHttpResult>> ReconnectAsync(string id, ReconnectRequest? body,
        ReaderGateway gateway, FleetTargets targets, ReaderActivity activity, IOptions<StationOptions> options, HttpContext context,
        CancellationToken cancellationToken)
    {
        var defaults = options.Value.Readers;
        if (!targets.TryReader(id, out var target, out var notFound))
        {
            return notFound!;
        }

        context.SetReaderSubject(target);
        if (!RequestParsing.TryConnection(body?.ShareMode, body?.Protocols, defaults, out var shareMode, out var protocols, out var problem)
            || !RequestParsing.TryEnum(body?.Initialization, CardDisposition.Leave, "initialization", out var initialization, out problem))
        {
            return Problems.BadRequest(problem!.Detail, problem.Field);
        }

        var reply = await gateway.AskReaderAsync(target, new Reconnect(shareMode, protocols, initialization), cancellationToken);
        context.SetReaderSubject(target, new()
        {
            ["shareMode"] = shareMode.ToString(), ["protocols"] = protocols.ToString(), ["initialization"] = initialization.ToString(),
        }, reply.IsSuccess ? Hex.Format(reply.Value.Atr) : null);
        Record(activity, target, "reconnect", reply.Failure);
        return reply.ToHttp(r => new ReconnectedDto(target.Id, r.Session.ToString(), r.Protocol.ToString(), Hex.Format(r.Atr)), target, targets);
    }

    /// <summary>The activity log line of a reader action: <paramref name="failure"/> null means it succeeded.</summary>
    internal static void Record(ReaderActivity activity, ReaderTarget target, string action, ReaderFailure? failure) =>
        activity.Record(target.Station.Name, target.Reader, action, failure is null, failure?.Message);
}
