using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Options;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Messaging;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Host.Configuration;

namespace SmartCardFleet.Host.Api;

/// <summary>Asks a station's ReaderManager (or, for one reader of this station, the reader actor straight away:
/// <see cref="ReaderRequests"/>) on behalf of HTTP requests, bounded by Station:OperationTimeout: the reply is the
/// request's own success record or a <see cref="ReaderFailure"/> (<see cref="TypedAsk"/>); no answer in time becomes a
/// Timeout failure. Another station's manager gets the same messages; a station lost meanwhile answers StationUnreachable
/// at once. The local manager is only awaited for a local target: a console has none, and waiting for it would never end.</summary>
public sealed class ReaderGateway(ActorSystem system, IRequiredActor<ReaderManager> manager, IOptions<StationOptions> options)
{
    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(1);
    private ReaderRequests? _local;

    public TimeSpan OperationTimeout => options.Value.OperationTimeout;

    public Task<ReaderReply<TReply>> AskReaderAsync<TReply>(ReaderTarget target, IReaderMessage<TReply> message,
        CancellationToken cancellationToken)
        where TReply : class
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Station.UntilLostAsync(async token =>
            {
                var readers = await ReadersAsync(target.Station, token);
                var reply = await readers.RequestAsync(target.Reader, message, OperationTimeout, token);
                return reply.Failure is { Reason: ReaderFailureReason.Timeout } && reply.Unanswered
                    ? ReaderReply<TReply>.Failed(await TimedOutAsync(readers, target.Reader, token))
                    : reply;
            },
            why => ReaderReply<TReply>.Failed(new ReaderFailure(target.Reader, ReaderFailureReason.StationUnreachable, why)),
            cancellationToken);
    }

    public Task<ReaderReply<TReply>> AskManagerAsync<TReply>(StationTarget station, IFleetRequest<TReply> message,
        CancellationToken cancellationToken)
        where TReply : class =>
        AskManagerAsync(station, message, OperationTimeout, cancellationToken);

    /// <summary>As <see cref="AskManagerAsync{TReply}(StationTarget, IFleetRequest{TReply}, CancellationToken)"/> with its own
    /// bound (the fleet-wide list gives every station the same, shorter, time).</summary>
    public Task<ReaderReply<TReply>> AskManagerAsync<TReply>(StationTarget station, IFleetRequest<TReply> message, TimeSpan timeout,
        CancellationToken cancellationToken)
        where TReply : class
    {
        ArgumentNullException.ThrowIfNull(station);
        return station.UntilLostAsync(async token =>
            {
                var reply = await (await ReadersAsync(station, token)).RequestAsync(message, timeout, token);
                return reply.Failure is { Reason: ReaderFailureReason.Timeout } && reply.Unanswered
                    ? ReaderReply<TReply>.Failed(TimedOut(null, timeout))
                    : reply;
            },
            why => ReaderReply<TReply>.Failed(new ReaderFailure(null, ReaderFailureReason.StationUnreachable, why)),
            cancellationToken);
    }

    private async ValueTask<ReaderRequests> ReadersAsync(StationTarget station, CancellationToken cancellationToken) =>
        station.Remote is { } remote
            ? new ReaderRequests(system, remote.ReaderManager)
            : _local ??= new ReaderRequests(system, await manager.GetAsync(cancellationToken));

    /// <summary>A request that waited out the timeout behind someone else's transaction is "locked" (423, naming the
    /// holder), not merely slow. The reader still holds it queued: it runs when the transaction ends.</summary>
    private async Task<ReaderFailure> TimedOutAsync(ReaderRequests readers, ReaderId id, CancellationToken cancellationToken)
    {
        // No answer here either: the reader is busy in a long card call, a plain timeout.
        var status = await readers.RequestAsync(id, GetStatus.Instance, StatusTimeout, cancellationToken);
        return status.Value is { TransactionHolder: { } holder }
            ? new ReaderFailure(id, ReaderFailureReason.BusyInTransaction,
                $"the reader is locked by a transaction of {holder}; the request waited {Waited(OperationTimeout)} and stays queued until the transaction ends")
            {
                TransactionHolder = holder,
            }
            : TimedOut(id, OperationTimeout);
    }

    private string Waited(TimeSpan timeout) =>
        timeout == OperationTimeout ? $"{timeout.TotalSeconds:0.###} s (Station:OperationTimeout)" : $"{timeout.TotalSeconds:0.###} s";

    private ReaderFailure TimedOut(ReaderId? id, TimeSpan timeout) =>
        new(id, ReaderFailureReason.Timeout, $"no answer within {Waited(timeout)}; the request may still complete on the reader");
}
