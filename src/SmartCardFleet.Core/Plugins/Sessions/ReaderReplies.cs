using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Messaging;
using SmartCardFleet.Core.Readers;

namespace SmartCardFleet.Core.Plugins.Sessions;

/// <summary>
/// The one place where plugin-host code turns a reader's untyped answer into the reply its request names
/// (<see cref="IReaderMessage{TReply}"/>): the typed reply, or a <see cref="ReaderRequestException"/> carrying the
/// reader's <see cref="ReaderFailure"/> (a timeout included), over the one typed ask (<see cref="TypedAsk"/>).
/// </summary>
internal static class ReaderReplies
{
    /// <exception cref="ReaderRequestException">The reader answered with a failure, or did not answer within
    /// <paramref name="timeout"/> (reason Timeout).</exception>
    public static async Task<TReply> AskTypedAsync<TReply>(this ReaderRequests readers, ReaderId reader, IReaderMessage<TReply> message,
        TimeSpan timeout, CancellationToken cancellationToken = default)
        where TReply : class
    {
        // ConfigureAwait(false): plugin threads call this; the host's continuation must not need theirs (docs/plugin-isolation.md).
        var reply = await readers.RequestAsync(reader, message, timeout, cancellationToken).ConfigureAwait(false);
        return reply.Value ?? throw new ReaderRequestException(reply.Failure!);
    }
}
