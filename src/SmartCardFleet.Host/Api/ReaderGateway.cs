using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Options;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Host.Configuration;

namespace SmartCardFleet.Host.Api;

/// <summary>Asks the ReaderManager on behalf of HTTP requests, bounded by Station:OperationTimeout: the reply is the
/// reader's success record or a <see cref="ReaderFailure"/>; no answer in time becomes a Timeout failure.</summary>
public sealed class ReaderGateway(IRequiredActor<ReaderManager> manager, IOptions<StationOptions> options)
{
    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(1);

    public TimeSpan OperationTimeout => options.Value.OperationTimeout;

    public Task<object> AskReaderAsync(ReaderId id, object message, CancellationToken cancellationToken) =>
        AskAsync(new ToReader(id, message), id, cancellationToken);

    public Task<object> AskManagerAsync(object message, CancellationToken cancellationToken) =>
        AskAsync(message, null, cancellationToken);

    private async Task<object> AskAsync(object message, ReaderId? id, CancellationToken cancellationToken)
    {
        var actor = await manager.GetAsync(cancellationToken);
        try
        {
            return await actor.Ask<object>(message, OperationTimeout, cancellationToken);
        }
        catch (AskTimeoutException)
        {
            return await TimedOutAsync(actor, id);
        }
    }

    /// <summary>A request that waited out the timeout behind someone else's transaction is "locked" (423, naming the
    /// holder), not merely slow. The reader still holds it queued: it runs when the transaction ends.</summary>
    private async Task<ReaderFailure> TimedOutAsync(IActorRef manager, ReaderId? id)
    {
        var waited = $"{OperationTimeout.TotalSeconds:0.###} s (Station:OperationTimeout)";
        if (id is { } readerId)
        {
            try
            {
                var status = await manager.Ask<object>(new ToReader(readerId, GetStatus.Instance), StatusTimeout);
                if (status is ReaderSnapshot { TransactionHolder: { } holder })
                {
                    return new ReaderFailure(id, ReaderFailureReason.BusyInTransaction,
                        $"the reader is locked by a transaction of {holder}; the request waited {waited} and stays queued until the transaction ends")
                    {
                        TransactionHolder = holder,
                    };
                }
            }
            catch (AskTimeoutException)
            {
                // The reader is busy in a long card call: a plain timeout.
            }
        }

        return new ReaderFailure(id, ReaderFailureReason.Timeout,
            $"no answer within {waited}; the request may still complete on the reader");
    }
}
