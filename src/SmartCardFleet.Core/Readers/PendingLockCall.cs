using System.Globalization;
using Akka.Actor;
using SmartCardFleet.Core.Fleet;

namespace SmartCardFleet.Core.Readers;

/// <summary>The lock call a reader waits for (SCardConnect or SCardBeginTransaction on its <see cref="LockWaiter"/>):
/// what it is, since when, who waits for the answer (nobody for auto-attach and re-attach), what to do with the
/// result, and whether it has been reported blocked (ReaderBlocked published).</summary>
internal sealed class PendingLockCall(string operation, DateTimeOffset since, IActorRef? replyTo, Action<LockCallResult> then)
{
    public string Operation { get; } = operation;

    public DateTimeOffset Since { get; } = since;

    public IActorRef? ReplyTo { get; } = replyTo;

    public Action<LockCallResult> Then { get; } = then;

    /// <summary>Past the foreign-lock threshold: another process holds the card's transaction.</summary>
    public bool Blocked { get; private set; }

    public void MarkBlocked() => Blocked = true;

    public ReaderBusy Busy(DateTimeOffset now) => new(Operation, Since, now - Since, ForeignLock: true);

    public string BlockedMessage(ReaderId id, DateTimeOffset now) => string.Create(CultureInfo.InvariantCulture,
        $"reader '{id}' is blocked in {Operation} for {(now - Since).TotalSeconds:0.0} s: another process holds the card's transaction; retry later");
}
