using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Options;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Messaging;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Host.Configuration;

namespace SmartCardFleet.Host.Api;

/// <summary>Asks the ReaderManager (or, for one reader, the reader actor straight away: <see cref="ReaderRequests"/>) on
/// behalf of HTTP requests, bounded by Station:OperationTimeout: the reply is the request's own success record or a
/// <see cref="ReaderFailure"/> (<see cref="TypedAsk"/>); no answer in time becomes a Timeout failure.</summary>
public sealed class ReaderGateway(ActorSystem system, IRequiredActor<ReaderManager> manager, IOptions<StationOptions> options)
{
    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(1);
    private ReaderRequests? _readers;

    public TimeSpan OperationTimeout => options.Value.OperationTimeout;

    public async Task<ReaderReply<TReply>> AskReaderAsync<TReply>(ReaderId id, IReaderMessage<TReply> message,
        CancellationToken cancellationToken)
        where TReply : class
    {
        var readers = await ReadersAsync(cancellationToken);
        var reply = await readers.RequestAsync(id, message, OperationTimeout, cancellationToken);
        return reply.Failure is { Reason: ReaderFailureReason.Timeout } && reply.Unanswered
            ? ReaderReply<TReply>.Failed(await TimedOutAsync(readers, id))
            : reply;
    }

    public async Task<ReaderReply<TReply>> AskManagerAsync<TReply>(IFleetRequest<TReply> message, CancellationToken cancellationToken)
        where TReply : class
    {
        var reply = await (await ReadersAsync(cancellationToken)).RequestAsync(message, OperationTimeout, cancellationToken);
        return reply.Failure is { Reason: ReaderFailureReason.Timeout } && reply.Unanswered
            ? ReaderReply<TReply>.Failed(TimedOut(null))
            : reply;
    }

    private async ValueTask<ReaderRequests> ReadersAsync(CancellationToken cancellationToken) =>
        _readers ??= new ReaderRequests(system, await manager.GetAsync(cancellationToken));

    /// <summary>A request that waited out the timeout behind someone else's transaction is "locked" (423, naming the
    /// holder), not merely slow. The reader still holds it queued: it runs when the transaction ends.</summary>
    private async Task<ReaderFailure> TimedOutAsync(ReaderRequests readers, ReaderId id)
    {
        // No answer here either: the reader is busy in a long card call, a plain timeout.
        var status = await readers.RequestAsync(id, GetStatus.Instance, StatusTimeout);
        return status.Value is { TransactionHolder: { } holder }
            ? new ReaderFailure(id, ReaderFailureReason.BusyInTransaction,
                $"the reader is locked by a transaction of {holder}; the request waited {Waited} and stays queued until the transaction ends")
            {
                TransactionHolder = holder,
            }
            : TimedOut(id);
    }

    private string Waited => $"{OperationTimeout.TotalSeconds:0.###} s (Station:OperationTimeout)";

    private ReaderFailure TimedOut(ReaderId? id) =>
        new(id, ReaderFailureReason.Timeout, $"no answer within {Waited}; the request may still complete on the reader");
}
