using Microsoft.AspNetCore.Http.HttpResults;
using SmartCardFleet.Abstractions.Text;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Readers;

namespace SmartCardFleet.Host.Api;

/// <summary>RFC 7807 answers: every failure names its reason in "title"/"reason" and explains itself in "detail".</summary>
public static class Problems
{
    public static ProblemHttpResult BadRequest(string detail, string? field = null) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad Request",
            extensions: field is null ? null : new Dictionary<string, object?> { ["field"] = field });

    public static ProblemHttpResult From(ReaderFailure failure, IDictionary<string, object?>? more = null)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var extensions = new Dictionary<string, object?>
        {
            ["reason"] = failure.Reason.ToString(),
            ["readerId"] = failure.ReaderId?.Value,
        };
        if (failure.Error is { } error)
        {
            extensions["pcscError"] = error.ToString();
        }

        if (failure.TransactionHolder is { } holder)
        {
            extensions["holder"] = holder;
        }

        foreach (var (key, value) in more ?? new Dictionary<string, object?>())
        {
            extensions[key] = value;
        }

        var detail = failure.Reason == ReaderFailureReason.BusyInTransaction && failure.TransactionHolder is { } h
            && !failure.Message.Contains(h, StringComparison.Ordinal)
            ? $"{failure.Message} (held by {h})"
            : failure.Message;
        return TypedResults.Problem(detail: detail, statusCode: StatusFor(failure.Reason), title: failure.Reason.ToString(),
            extensions: extensions);
    }

    /// <summary>The reader id in the path names no reader: the same answer as an UnknownReader failure, without asking the station.</summary>
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status404NotFound, title: nameof(ReaderFailureReason.UnknownReader),
            extensions: new Dictionary<string, object?> { ["reason"] = nameof(ReaderFailureReason.UnknownReader) });

    /// <summary>A reader failure of a routed request: as <see cref="From(ReaderFailure, IDictionary{string, object?}?)"/>,
    /// with the reader id as the client sees it and, when the node is clustered, the station that answered.</summary>
    public static ProblemHttpResult From(ReaderFailure failure, ReaderTarget target, FleetTargets targets,
        IDictionary<string, object?>? more = null)
    {
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(targets);
        if (!targets.Clustered && failure.Reason != ReaderFailureReason.StationUnreachable)
        {
            return From(failure, more);
        }

        var extensions = new Dictionary<string, object?>(more ?? new Dictionary<string, object?>())
        {
            ["station"] = target.Station.Name,
        };
        if (failure.ReaderId is not null)
        {
            extensions["readerId"] = target.Id;
        }

        return From(failure, extensions);
    }

    /// <summary>A station the failure detector has lost (or lost during the request): 503 at once, naming it.</summary>
    public static ProblemHttpResult StationUnreachable(string station, string? readerId, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status503ServiceUnavailable,
            title: nameof(ReaderFailureReason.StationUnreachable),
            extensions: new Dictionary<string, object?>
            {
                ["reason"] = nameof(ReaderFailureReason.StationUnreachable), ["station"] = station, ["readerId"] = readerId,
            });

    /// <summary>A station name the fleet does not know (or a console, which has no readers): 404 UnknownReader.</summary>
    public static ProblemHttpResult UnknownStation(string station, string? readerId, string self) =>
        TypedResults.Problem(
            detail: $"no station '{station}' with readers in the fleet (this node is {self}; see GET /api/stations)" +
                (readerId is null ? "" : $", so no reader '{readerId}'"),
            statusCode: StatusCodes.Status404NotFound, title: nameof(ReaderFailureReason.UnknownReader),
            extensions: new Dictionary<string, object?>
            {
                ["reason"] = nameof(ReaderFailureReason.UnknownReader), ["station"] = station, ["readerId"] = readerId,
            });

    /// <summary>Wrong state is 409; someone else holding the card is 423; the station or card side failing is 5xx.</summary>
    public static int StatusFor(ReaderFailureReason reason) => reason switch
    {
        ReaderFailureReason.InvalidRequest => StatusCodes.Status400BadRequest,
        ReaderFailureReason.UnknownReader => StatusCodes.Status404NotFound,
        ReaderFailureReason.NoCard or ReaderFailureReason.NotAttached or ReaderFailureReason.AlreadyAttached
            or ReaderFailureReason.CardGone or ReaderFailureReason.InvalidHandle or ReaderFailureReason.CardMute
            or ReaderFailureReason.TransactionEnded
            => StatusCodes.Status409Conflict,
        ReaderFailureReason.SharingViolation or ReaderFailureReason.BusyInTransaction or ReaderFailureReason.ForeignTransaction
            => StatusCodes.Status423Locked,
        ReaderFailureReason.Unsupported => StatusCodes.Status422UnprocessableEntity,
        ReaderFailureReason.ReaderGone or ReaderFailureReason.ServiceUnavailable or ReaderFailureReason.StationUnreachable
            => StatusCodes.Status503ServiceUnavailable,
        ReaderFailureReason.Timeout => StatusCodes.Status504GatewayTimeout,
        ReaderFailureReason.PcscError => StatusCodes.Status502BadGateway,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>A plugin command refused or unanswered: unknown plugin 404, nothing to clear 409, the host gone 503, too
    /// slow 504. The id is quoted by its first characters only, as every client value.</summary>
    public static ProblemHttpResult From(PluginCommandFailed failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var detail = failure.Reason == PluginCommandFailureReason.UnknownPlugin
            ? $"no plugin \"{Bounded.Echo(failure.PluginId)}\": neither the id of a loaded plugin nor the folder name of one that failed to load (see GET /api/plugins)"
            : failure.Message;
        return TypedResults.Problem(detail: detail, statusCode: StatusFor(failure.Reason), title: failure.Reason.ToString(),
            extensions: new Dictionary<string, object?> { ["reason"] = failure.Reason.ToString(), ["plugin"] = Bounded.Echo(failure.PluginId) });
    }

    public static int StatusFor(PluginCommandFailureReason reason) => reason switch
    {
        PluginCommandFailureReason.UnknownPlugin => StatusCodes.Status404NotFound,
        PluginCommandFailureReason.NotQuarantined => StatusCodes.Status409Conflict,
        PluginCommandFailureReason.HostStopped => StatusCodes.Status503ServiceUnavailable,
        PluginCommandFailureReason.Timeout => StatusCodes.Status504GatewayTimeout,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>Bad input 400, nothing to run it on 404/409, the plugin or card failing 502, too slow 504.</summary>
    public static int StatusFor(OperationFailureReason reason) => reason switch
    {
        OperationFailureReason.InvalidArgument => StatusCodes.Status400BadRequest,
        OperationFailureReason.UnknownReader or OperationFailureReason.UnknownOperation => StatusCodes.Status404NotFound,
        OperationFailureReason.NoCard or OperationFailureReason.NotIdentified or OperationFailureReason.ReaderFailed
            => StatusCodes.Status409Conflict,
        OperationFailureReason.NotSupported => StatusCodes.Status422UnprocessableEntity,
        OperationFailureReason.CardError or OperationFailureReason.PluginFailed => StatusCodes.Status502BadGateway,
        OperationFailureReason.Quarantined or OperationFailureReason.ReaderUnavailable or OperationFailureReason.StationUnreachable
            => StatusCodes.Status503ServiceUnavailable,
        OperationFailureReason.Timeout => StatusCodes.Status504GatewayTimeout,
        _ => StatusCodes.Status500InternalServerError,
    };
}
