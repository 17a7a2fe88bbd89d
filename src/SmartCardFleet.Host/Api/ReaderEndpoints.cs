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
        readers.MapGet("/", ListAsync).Produces<ReaderListDto>().ProducesProblem(503);
        readers.MapGet("/{id}", GetAsync).Produces<ReaderDto>().ProducesProblem(404);
        readers.MapPost("/{id}/attach", AttachAsync).Produces<AttachedDto>().ProducesProblem(400).ProducesProblem(409).ProducesProblem(423);
        readers.MapPost("/{id}/detach", DetachAsync).Produces<DetachedDto>().ProducesProblem(400).ProducesProblem(409);
        readers.MapPost("/{id}/reconnect", ReconnectAsync).Produces<ReconnectedDto>().ProducesProblem(400).ProducesProblem(409);
        return api;
    }

    private static async Task<IResult> ListAsync(ReaderGateway gateway, IPluginGateway plugins, CancellationToken cancellationToken)
    {
        switch (await gateway.AskManagerAsync(ListReaders.Instance, cancellationToken))
        {
            case ReaderList list:
                var readers = await Task.WhenAll(list.Readers.Select(r => WithCardTypeAsync(r, plugins, cancellationToken)));
                return TypedResults.Ok(new ReaderListDto(readers, [.. list.Unavailable.Select(f => f.ToDto())]));
            case ReaderFailure failure:
                return Problems.From(failure);
            case var other:
                return Problems.Unexpected(other);
        }
    }

    private static async Task<ReaderDto> WithCardTypeAsync(ReaderSnapshot snapshot, IPluginGateway plugins, CancellationToken cancellationToken)
    {
        var dto = snapshot.ToDto();
        if (snapshot.Session is null)
        {
            return dto;
        }

        var (plugin, cardType) = await plugins.IdentificationAsync(snapshot.ReaderId, cancellationToken);
        return dto with { Plugin = plugin, CardType = cardType };
    }

    private static async Task<IResult> GetAsync(string id, ReaderGateway gateway, IPluginGateway plugins, CancellationToken cancellationToken)
    {
        if (!RequestParsing.TryReaderId(id, out var readerId, out var problem))
        {
            return Problems.NotFound(problem!);
        }

        return await gateway.AskReaderAsync(readerId, GetStatus.Instance, cancellationToken) switch
        {
            ReaderSnapshot snapshot => TypedResults.Ok(await WithCardTypeAsync(snapshot, plugins, cancellationToken)),
            ReaderFailure failure => Problems.From(failure),
            var other => Problems.Unexpected(other),
        };
    }

    private static async Task<IResult> AttachAsync(string id, AttachRequest? body, ReaderGateway gateway, ReaderActivity activity,
        IOptions<StationOptions> options, CancellationToken cancellationToken)
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
        Record(activity, readerId, "attach", reply);
        return reply switch
        {
            Attached a => TypedResults.Ok(new AttachedDto(a.ReaderId.Value, a.Session.ToString(), a.Protocol.ToString(),
                a.ShareMode.ToString(), Hex.Format(a.Atr))),
            ReaderFailure failure => Problems.From(failure),
            var other => Problems.Unexpected(other),
        };
    }

    private static async Task<IResult> DetachAsync(string id, DetachRequest? body, ReaderGateway gateway, ReaderActivity activity,
        CancellationToken cancellationToken)
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
        Record(activity, readerId, "detach", reply);
        return reply switch
        {
            Detached d => TypedResults.Ok(new DetachedDto(d.ReaderId.Value, d.Session.ToString(), d.Disposition.ToString())),
            ReaderFailure failure => Problems.From(failure),
            var other => Problems.Unexpected(other),
        };
    }

    private static async Task<IResult> ReconnectAsync(string id, ReconnectRequest? body, ReaderGateway gateway,
        ReaderActivity activity, IOptions<StationOptions> options, CancellationToken cancellationToken)
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
        Record(activity, readerId, "reconnect", reply);
        return reply switch
        {
            Reconnected r => TypedResults.Ok(new ReconnectedDto(r.ReaderId.Value, r.Session.ToString(), r.Protocol.ToString(), Hex.Format(r.Atr))),
            ReaderFailure failure => Problems.From(failure),
            var other => Problems.Unexpected(other),
        };
    }

    internal static void Record(ReaderActivity activity, ReaderId readerId, string action, object reply) =>
        activity.Record(readerId.Value, action, reply is not ReaderFailure, (reply as ReaderFailure)?.Message);
}
