using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SmartCardFleet.Abstractions;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Host.Configuration;
using SmartCardFleet.Host.Events;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Host.Api;

/// <summary>GET /api/readers, GET /api/readers/{id}, POST attach / detach / reconnect.</summary>
public static class ReaderEndpoints
{
    public static RouteGroupBuilder MapReaderEndpoints(this RouteGroupBuilder api)
    {
        var readers = api.MapGroup("/readers").WithTags("Readers");
        readers.MapGet("/", ListAsync).ProducesProblem(503);
        readers.MapGet("/{id}", GetAsync).ProducesProblem(404);
        readers.MapPost("/{id}/attach", AttachAsync).ProducesProblem(400).ProducesProblem(409).ProducesProblem(423);
        readers.MapPost("/{id}/detach", DetachAsync).ProducesProblem(400).ProducesProblem(409);
        readers.MapPost("/{id}/reconnect", ReconnectAsync).ProducesProblem(400).ProducesProblem(409);
        return api;
    }

    private static async Task<Results<Ok<ReaderListDto>, ProblemHttpResult>> ListAsync(ReaderGateway gateway, IPluginGateway plugins,
        CancellationToken cancellationToken)
    {
        var reply = await gateway.AskManagerAsync(ListReaders.Instance, cancellationToken);
        if (!reply.IsSuccess)
        {
            return Problems.From(reply.Failure);
        }

        var readers = await Task.WhenAll(reply.Value.Readers.Select(r => WithCardTypeAsync(r, plugins, cancellationToken)));
        return TypedResults.Ok(new ReaderListDto(readers, [.. reply.Value.Unavailable.Select(f => f.ToDto())]));
    }

    private static async Task<ReaderDto> WithCardTypeAsync(ReaderSnapshot snapshot, IPluginGateway plugins, CancellationToken cancellationToken)
    {
        var dto = snapshot.ToDto();
        if (snapshot.Session is null)
        {
            return dto;
        }

        var held = await plugins.IdentificationAsync(snapshot.ReaderId, cancellationToken);
        return dto with { Plugin = held?.PluginId, PluginVersion = held?.PluginVersion, CardType = held?.CardType };
    }

    private static async Task<Results<Ok<ReaderDto>, ProblemHttpResult>> GetAsync(string id, ReaderGateway gateway,
        IPluginGateway plugins, CancellationToken cancellationToken)
    {
        if (!RequestParsing.TryReaderId(id, out var readerId, out var problem))
        {
            return Problems.NotFound(problem!);
        }

        var reply = await gateway.AskReaderAsync(readerId, GetStatus.Instance, cancellationToken);
        return reply.IsSuccess ? TypedResults.Ok(await WithCardTypeAsync(reply.Value, plugins, cancellationToken)) : Problems.From(reply.Failure);
    }

    private static async Task<Results<Ok<AttachedDto>, ProblemHttpResult>> AttachAsync(string id, AttachRequest? body,
        ReaderGateway gateway, ReaderActivity activity, IOptions<StationOptions> options, CancellationToken cancellationToken)
    {
        var defaults = options.Value.Readers;
        if (!RequestParsing.TryReaderId(id, out var readerId, out var notFound))
        {
            return Problems.NotFound(notFound!);
        }

        if (!RequestParsing.TryConnection(body?.ShareMode, body?.Protocols, defaults, out var shareMode, out var protocols, out var problem))
        {
            return Problems.BadRequest(problem!.Detail, problem.Field);
        }

        var reply = await gateway.AskReaderAsync(readerId, new Attach(shareMode, protocols), cancellationToken);
        Record(activity, readerId, "attach", reply.Failure);
        return reply.ToHttp(a => new AttachedDto(a.ReaderId.Value, a.Session.ToString(), a.Protocol.ToString(), a.ShareMode.ToString(),
            Hex.Format(a.Atr)));
    }

    private static async Task<Results<Ok<DetachedDto>, ProblemHttpResult>> DetachAsync(string id, DetachRequest? body,
        ReaderGateway gateway, ReaderActivity activity, CancellationToken cancellationToken)
    {
        if (!RequestParsing.TryReaderId(id, out var readerId, out var notFound))
        {
            return Problems.NotFound(notFound!);
        }

        if (!RequestParsing.TryEnum(body?.Disposition, CardDisposition.Leave, "disposition", out var disposition, out var problem))
        {
            return Problems.BadRequest(problem!.Detail, problem.Field);
        }

        var reply = await gateway.AskReaderAsync(readerId, new Detach(disposition), cancellationToken);
        Record(activity, readerId, "detach", reply.Failure);
        return reply.ToHttp(d => new DetachedDto(d.ReaderId.Value, d.Session.ToString(), d.Disposition.ToString()));
    }

    private static async Task<Results<Ok<ReconnectedDto>, ProblemHttpResult>> ReconnectAsync(string id, ReconnectRequest? body,
        ReaderGateway gateway, ReaderActivity activity, IOptions<StationOptions> options, CancellationToken cancellationToken)
    {
        var defaults = options.Value.Readers;
        if (!RequestParsing.TryReaderId(id, out var readerId, out var notFound))
        {
            return Problems.NotFound(notFound!);
        }

        if (!RequestParsing.TryConnection(body?.ShareMode, body?.Protocols, defaults, out var shareMode, out var protocols, out var problem)
            || !RequestParsing.TryEnum(body?.Initialization, CardDisposition.Leave, "initialization", out var initialization, out problem))
        {
            return Problems.BadRequest(problem!.Detail, problem.Field);
        }

        var reply = await gateway.AskReaderAsync(readerId, new Reconnect(shareMode, protocols, initialization), cancellationToken);
        Record(activity, readerId, "reconnect", reply.Failure);
        return reply.ToHttp(r => new ReconnectedDto(r.ReaderId.Value, r.Session.ToString(), r.Protocol.ToString(), Hex.Format(r.Atr)));
    }

    /// <summary>The activity log line of a reader action: <paramref name="failure"/> null means it succeeded.</summary>
    internal static void Record(ReaderActivity activity, ReaderId readerId, string action, ReaderFailure? failure) =>
        activity.Record(readerId.Value, action, failure is null, failure?.Message);
}
