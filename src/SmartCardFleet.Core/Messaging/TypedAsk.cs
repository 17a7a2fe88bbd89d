using Akka.Actor;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Readers;

namespace SmartCardFleet.Core.Messaging;

/// <summary>
/// The one typed ask: the request names its reply (<see cref="IReaderMessage{TReply}"/>, <see cref="IFleetRequest{TReply}"/>,
/// <see cref="IPluginHostRequest{TReply}"/>), so the caller gets <c>Reply&lt;TReply, TFailure&gt;</c> and never an
/// <c>object</c> to switch on. No answer within the timeout becomes a Timeout failure, a recipient known to be stopped a
/// ReaderGone failure, both marked <see cref="Reply{T, TFailure}.Unanswered"/>. A recipient answering anything else breaks
/// the protocol: that is a bug in the recipient and throws, it is not a reply. Cancelling the token cancels the wait.
/// </summary>
public static class TypedAsk
{
    /// <summary>Ask one reader (by the fast path or through the manager, see <see cref="ReaderRequests"/>).</summary>
    public static async Task<ReaderReply<TReply>> RequestAsync<TReply>(this ReaderRequests readers, ReaderId readerId,
        IReaderMessage<TReply> message, TimeSpan timeout, CancellationToken cancellationToken = default)
        where TReply : class
    {
        ArgumentNullException.ThrowIfNull(readers);
        ArgumentNullException.ThrowIfNull(message);
        var (reply, unanswered) = await AnswerAsync(readers.Manager,
            () => readers.AskAsync(readerId, message, timeout, cancellationToken)).ConfigureAwait(false);
        return reply is null
            ? ReaderReply<TReply>.NoAnswer(NoAnswer(readerId, unanswered, timeout, "the reader"))
            : ToReaderReply<TReply>(reply, message);
    }

    /// <summary>Ask the station's ReaderManager a fleet-wide request.</summary>
    public static Task<ReaderReply<TReply>> RequestAsync<TReply>(this ReaderRequests readers, IFleetRequest<TReply> message,
        TimeSpan timeout, CancellationToken cancellationToken = default)
        where TReply : class
    {
        ArgumentNullException.ThrowIfNull(readers);
        return QueryAsync<TReply>(readers.Manager, message, "the reader manager", timeout, cancellationToken);
    }

    /// <summary>Ask the ReaderManager <paramref name="manager"/> a fleet-wide request.</summary>
    public static Task<ReaderReply<TReply>> RequestAsync<TReply>(this IActorRef manager, IFleetRequest<TReply> message,
        TimeSpan timeout, CancellationToken cancellationToken = default)
        where TReply : class =>
        QueryAsync<TReply>(manager, message, "the reader manager", timeout, cancellationToken);

    /// <summary>Ask the PluginHost <paramref name="host"/> a query (status, identification, reload).</summary>
    public static Task<ReaderReply<TReply>> RequestAsync<TReply>(this IActorRef host, IPluginHostRequest<TReply> message,
        TimeSpan timeout, CancellationToken cancellationToken = default)
        where TReply : class =>
        QueryAsync<TReply>(host, message, "the plugin host", timeout, cancellationToken);

    /// <summary>Run a plugin operation through the PluginHost <paramref name="host"/>.</summary>
    public static async Task<OperationReply> RunAsync(this IActorRef host, RunOperation operation, TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return await AskHostAsync<OperationCompleted, OperationFailed, OperationReply>(host, operation, timeout, cancellationToken,
            OperationReply.Success, OperationReply.Failed, timedOut => OperationReply.NoAnswer(timedOut
                ? new OperationFailed(operation.ReaderId, OperationFailureReason.Timeout, $"the plugin host did not answer within {Seconds(timeout)}")
                : new OperationFailed(operation.ReaderId, OperationFailureReason.ReaderUnavailable, HostStopped))).ConfigureAwait(false);
    }

    /// <summary>Send the PluginHost <paramref name="host"/> a command about one plugin (reload it, clear its quarantine).</summary>
    public static async Task<PluginCommandReply> CommandAsync(this IActorRef host, IPluginCommand command, TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        return await AskHostAsync<PluginCatalogStatus, PluginCommandFailed, PluginCommandReply>(host, command, timeout, cancellationToken,
            PluginCommandReply.Success, PluginCommandReply.Failed, timedOut => PluginCommandReply.NoAnswer(timedOut
                ? new PluginCommandFailed(command.PluginId, PluginCommandFailureReason.Timeout,
                    $"the plugin host did not answer within {Seconds(timeout)}; the command may still complete")
                : new PluginCommandFailed(command.PluginId, PluginCommandFailureReason.HostStopped, HostStopped))).ConfigureAwait(false);
    }

    private const string HostStopped = "the plugin host has stopped; the station is shutting down or restarting it";

    /// <summary>A PluginHost request whose failure is its own type: <paramref name="none"/> gets true when the host did not
    /// answer in time, false when it has stopped.</summary>
    private static async Task<TReply> AskHostAsync<TSuccess, TFailure, TReply>(IActorRef host, object message, TimeSpan timeout,
        CancellationToken cancellationToken, Func<TSuccess, TReply> success, Func<TFailure, TReply> failure, Func<bool, TReply> none)
    {
        ArgumentNullException.ThrowIfNull(host);
        var (reply, unanswered) = await AnswerAsync(host, () => host.Ask<object>(message, timeout, cancellationToken)).ConfigureAwait(false);
        return reply switch
        {
            null => none(unanswered == ReaderFailureReason.Timeout),
            TSuccess done => success(done),
            TFailure failed => failure(failed),
            _ => throw ProtocolViolation(message, reply, typeof(TSuccess), typeof(TFailure)),
        };
    }

    private static async Task<ReaderReply<TReply>> QueryAsync<TReply>(IActorRef recipient, object message, string who,
        TimeSpan timeout, CancellationToken cancellationToken)
        where TReply : class
    {
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(message);
        var (reply, unanswered) = await AnswerAsync(recipient,
            () => recipient.Ask<object>(message, timeout, cancellationToken)).ConfigureAwait(false);
        return reply is null ? ReaderReply<TReply>.NoAnswer(NoAnswer(null, unanswered, timeout, who)) : ToReaderReply<TReply>(reply, message);
    }

    private static ReaderReply<TReply> ToReaderReply<TReply>(object reply, object message)
        where TReply : class => reply switch
        {
            TReply success => ReaderReply<TReply>.Success(success),
            ReaderFailure failure => ReaderReply<TReply>.Failed(failure),
            _ => throw ProtocolViolation(message, reply, typeof(TReply), typeof(ReaderFailure)),
        };

    /// <summary>The reply, or null and why there was none. A recipient already stopped is not asked: its mailbox is
    /// dead letters and the ask could only time out.</summary>
    private static async Task<(object? Reply, ReaderFailureReason Unanswered)> AnswerAsync(IActorRef recipient, Func<Task<object>> ask)
    {
        if (IsStopped(recipient))
        {
            return (null, ReaderFailureReason.ReaderGone);
        }

        try
        {
            return (await ask().ConfigureAwait(false), default);
        }
        catch (AskTimeoutException)
        {
            return (null, IsStopped(recipient) ? ReaderFailureReason.ReaderGone : ReaderFailureReason.Timeout);
        }
    }

    // Obsolete because it cannot be exact for a remote ref (whose ask then just times out); for a local ref it is exact,
    // and it turns "no answer" into "gone" without waiting out the timeout.
#pragma warning disable CS0618
    private static bool IsStopped(IActorRef recipient) => recipient is IInternalActorRef { IsTerminated: true };
#pragma warning restore CS0618

    private static ReaderFailure NoAnswer(ReaderId? readerId, ReaderFailureReason reason, TimeSpan timeout, string who) =>
        reason == ReaderFailureReason.Timeout
            ? new ReaderFailure(readerId, reason, $"{who} did not answer within {Seconds(timeout)}; the request may still complete")
            : new ReaderFailure(readerId, reason, $"{who} has stopped; the station is shutting down or re-creating it");

    private static string Seconds(TimeSpan timeout) =>
        $"{timeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s";

    private static InvalidOperationException ProtocolViolation(object message, object reply, Type success, Type failure) =>
        new($"{message.GetType().Name} was answered with {reply.GetType().Name}; its protocol allows only {success.Name} or " +
            $"{failure.Name}: the recipient is broken");
}
