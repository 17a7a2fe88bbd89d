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
            return new ReaderFailure(id, ReaderFailureReason.Timeout,
                $"no answer within {OperationTimeout.TotalSeconds:0.###} s (Station:OperationTimeout); the request may still complete on the reader");
        }
    }
}
