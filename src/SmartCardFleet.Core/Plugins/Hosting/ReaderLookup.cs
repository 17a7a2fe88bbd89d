using Akka.Actor;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Plugins.Sessions;
using SmartCardFleet.Core.Readers;

namespace SmartCardFleet.Core.Plugins.Hosting;

/// <summary>What the manager's answer about a reader the host holds no card for means to a <see cref="RunOperation"/>:
/// a card attached a moment ago (its CardAttached event is still on the way), or a typed refusal.</summary>
internal static class ReaderLookup
{
    /// <summary>The attached card to start, or the failure to answer.</summary>
    public sealed record Decision(SessionId? Session, byte[]? Atr, OperationFailed? Failure);

    /// <summary>Asks the reader for its status; never fails (a refusal or timeout becomes the decision).</summary>
    public static async Task<ReaderLookedUp> AskAsync(ReaderRequests readers, RunOperation run, IActorRef requester, TimeSpan timeout)
    {
        try
        {
            return new ReaderLookedUp(run, requester, Decide(run.ReaderId, await readers.AskTypedAsync(run.ReaderId, GetStatus.Instance, timeout)));
        }
        catch (ReaderRequestException refused)
        {
            return new ReaderLookedUp(run, requester, Decide(run.ReaderId, refused.Failure));
        }
        catch (Exception unanswered)
        {
            // No answer in time (or none usable): the requester still hears back, as a reader timeout.
            return new ReaderLookedUp(run, requester, Decide(run.ReaderId, new ReaderFailure(run.ReaderId, ReaderFailureReason.Timeout, unanswered.Message)));
        }
    }

    public static Decision Decide(ReaderId reader, ReaderSnapshot snapshot) => snapshot is { Session: { } session, Atr: { } atr }
        ? new Decision(session, atr, null)
        : Refuse(new OperationFailed(reader, OperationFailureReason.NoCard, $"reader {reader} has no attached card (state {snapshot.State})"));

    public static Decision Decide(ReaderId reader, ReaderFailure failure) => Refuse(failure.Reason == ReaderFailureReason.UnknownReader
        ? new OperationFailed(reader, OperationFailureReason.UnknownReader, failure.Message)
        : ReaderFailureForOperations.Failed(reader, failure));

    private static Decision Refuse(OperationFailed failure) => new(null, null, failure);
}
