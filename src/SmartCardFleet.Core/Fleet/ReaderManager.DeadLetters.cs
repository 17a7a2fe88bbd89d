using Akka.Actor;
using Akka.Event;
using SmartCardFleet.Core.Readers;

namespace SmartCardFleet.Core.Fleet;

// A request can still miss its reader actor: it was in the mailbox when the actor crashed (Akka drops a stopped
// actor's mailbox into dead letters), or the BackoffSupervisor forwarded it to a child that was already terminating.
// The manager listens to the dead letters of its own readers and answers those requests, so a crash costs a retry,
// never a silent wait.
public sealed partial class ReaderManager
{
    private void WatchReaderDeadLetters() => Context.System.EventStream.Subscribe(Self, typeof(DeadLetter));

    private void StopWatchingReaderDeadLetters() => Context.System.EventStream.Unsubscribe(Self, typeof(DeadLetter));

    private void OnDeadLetter(DeadLetter dead)
    {
        if (dead.Message is not (IReaderRequest or GetStatus or SetAutoAttach) ||
            dead.Sender is null || dead.Sender.IsNobody() || dead.Sender.Equals(Self) ||
            ReaderIdOfRecipient(dead.Recipient.Path) is not { } id)
        {
            return;
        }

        dead.Sender.Tell(new ReaderFailure(id, ReaderFailureReason.ReaderGone,
            $"the reader actor stopped before it could answer this {dead.Message.GetType().Name} (restart or unplug); retry"));
    }

    /// <summary>The reader behind a path of ours: /…/station/{ReaderId}~{incarnation}(/reader), else null.</summary>
    private ReaderId? ReaderIdOfRecipient(ActorPath path)
    {
        var supervisor = path.Parent == Self.Path ? path : path.Parent?.Parent == Self.Path ? path.Parent : null;
        if (supervisor is null)
        {
            return null;
        }

        var separator = supervisor.Name.LastIndexOf('~');
        return separator > 0 ? new ReaderId(supervisor.Name[..separator]) : null;
    }
}
