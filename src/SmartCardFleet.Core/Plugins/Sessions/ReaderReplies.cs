using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;

namespace SmartCardFleet.Core.Plugins.Sessions;

/// <summary>
/// The one place where plugin-host code turns a reader's untyped answer into the reply its request names
/// (<see cref="IReaderMessage{TReply}"/>): the typed reply, or a <see cref="ReaderRequestException"/> carrying the
/// reader's <see cref="ReaderFailure"/>. Everything else in the plugin host asks through here, so moving to a typed
/// ask of <see cref="ReaderRequests"/> is a change to this file only.
/// </summary>
internal static class ReaderReplies
{
    /// <exception cref="ReaderRequestException">The reader answered with a failure.</exception>
    /// <exception cref="Akka.Actor.AskTimeoutException">No answer within <paramref name="timeout"/>.</exception>
    public static async Task<TReply> AskTypedAsync<TReply>(this ReaderRequests readers, ReaderId reader, IReaderMessage<TReply> message,
        TimeSpan timeout, CancellationToken cancellationToken = default)
        where TReply : class
    {
        var reply = await readers.AskAsync(reader, message, timeout, cancellationToken);
        return reply switch
        {
            TReply typed => typed,
            ReaderFailure failure => throw new ReaderRequestException(failure),
            _ => throw new InvalidOperationException(
                $"The reader answered {message.GetType().Name} with {reply.GetType().Name}, not {typeof(TReply).Name} or ReaderFailure."),
        };
    }
}
