using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Options;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Host.Configuration;

namespace SmartCardFleet.Host.Api;

/// <summary>Asks the ReaderManager (or, for one reader, the reader actor straight away: <see cref="ReaderRequests"/>) on
/// behalf of HTTP requests, bounded by Station:OperationTimeout: the reply is the reader's success record or a
/// <see cref="ReaderFailure"/>; no answer in time becomes a Timeout failure.</summary>
public sealed class ReaderGateway(ActorSystem system, IRequiredActor<ReaderManager> manager, IOptions<StationOptions> options)
{
    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(1);
    private ReaderRequests? _readers;

    public TimeSpan OperationTimeout => options.Value.OperationTimeout;

    public async Task<object> AskReaderAsync(ReaderId id, object message, CancellationToken cancellationToken)
    {
        var readers = await ReadersAsync(cancellationToken);
        try
        {
            return await readers.AskAsync(id, message, OperationTimeout, cancellationToken);
        }
        catch (AskTimeoutException)
        {
            return await TimedOutAsync(readers, id);
        }
    }

    public async Task<object> AskManagerAsync(object message, CancellationToken cancellationToken)
    {
        var actor = await manager.GetAsync(cancellationToken);
        try
        {
            return await actor.Ask<object>(message, OperationTimeout, cancellationToken);
        }
        catch (AskTimeoutException)
        {
            return TimedOut(null);
        }
    }

    private async ValueTask<ReaderRequests> ReadersAsync(CancellationToken cancellationToken) =>
        _readers ??= new ReaderRequests(system, await manager.GetAsync(cancellationToken));

    /// <summary>A request that waited out the timeout behind someone else's transaction is "locked" (423, naming the
    /// holder), not merely slow. The reader still holds it queued: it runs when the transaction ends.</summary>
    private async Task<ReaderFailure> TimedOutAsync(ReaderRequests readers, ReaderId id)
    {
        try
        {
            var status = await readers.AskAsync(id, GetStatus.Instance, StatusTimeout);
            if (status is ReaderSnapshot { TransactionHolder: { } holder })
            {
                return new ReaderFailure(id, ReaderFailureReason.BusyInTransaction,
                    $"the reader is locked by a transaction of {holder}; the request waited {Waited} and stays queued until the transaction ends")
                {
                    TransactionHolder = holder,
                };
            }
        }
        catch (AskTimeoutException)
        {
            // The reader is busy in a long card call: a plain timeout.
        }

        return TimedOut(id);
    }

    private string Waited => $"{OperationTimeout.TotalSeconds:0.###} s (Station:OperationTimeout)";

    private ReaderFailure TimedOut(ReaderId? id) =>
        new(id, ReaderFailureReason.Timeout, $"no answer within {Waited}; the request may still complete on the reader");
}
