using Akka.Actor;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Messaging;

namespace SmartCardFleet.Core.Fleet;

/// <summary>
/// One fleet-wide status query (the IoT tutorial's DeviceGroupQuery): asks every reader for a snapshot, watches
/// them, and answers the requester once all replied, died or the timeout passed; then stops itself. A slow reader
/// (one busy in a long APDU) therefore costs at most the timeout, never the whole listing.
/// </summary>
internal sealed class ReaderStatusQuery : ReceiveActor, IWithTimers
{
    private readonly IActorRef _requester;
    private readonly Dictionary<IActorRef, ReaderId> _pending;
    private readonly List<ReaderSnapshot> _snapshots = [];
    private readonly List<ReaderFailure> _unavailable = [];
    private readonly TimeSpan _timeout;

    public ReaderStatusQuery(IReadOnlyDictionary<ReaderId, IActorRef> readers, IActorRef requester, TimeSpan timeout)
    {
        _requester = requester;
        _pending = readers.ToDictionary(r => r.Value, r => r.Key);
        _timeout = timeout;

        Receive<ReaderSnapshot>(snapshot => Answered(snapshot.ReaderId, () => _snapshots.Add(snapshot)));
        Receive<ReaderFailure>(failure => Answered(failure.ReaderId, () => _unavailable.Add(failure)));
        Receive<Terminated>(terminated =>
        {
            if (_pending.Remove(terminated.ActorRef, out var id))
            {
                _unavailable.Add(new ReaderFailure(id, ReaderFailureReason.ReaderGone, "the reader stopped during the query"));
                CompleteIfDone();
            }
        });
        Receive<QueryTimedOut>(_ =>
        {
            foreach (var id in _pending.Values)
            {
                _unavailable.Add(new ReaderFailure(id, ReaderFailureReason.Timeout, $"no status within {timeout}"));
            }

            _pending.Clear();
            CompleteIfDone();
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IReadOnlyDictionary<ReaderId, IActorRef> readers, IActorRef requester, TimeSpan timeout) =>
        Akka.Actor.Props.Create(() => new ReaderStatusQuery(readers, requester, timeout));

    protected override void PreStart()
    {
        // Timers are injected after construction, so the timeout starts here.
        Timers.StartSingleTimer("timeout", QueryTimedOut.Instance, _timeout);
        foreach (var reader in _pending.Keys)
        {
            Context.Watch(reader);
            reader.Tell(GetStatus.Instance);
        }

        CompleteIfDone();
    }

    private void Answered(ReaderId? id, Action record)
    {
        // Match by id: a failure reply may come from elsewhere than the ref we asked.
        var entry = _pending.FirstOrDefault(p => p.Value == id);
        if (entry.Key is null)
        {
            return;
        }

        _pending.Remove(entry.Key);
        record();
        CompleteIfDone();
    }

    private void CompleteIfDone()
    {
        if (_pending.Count > 0)
        {
            return;
        }

        _requester.Tell(new ReaderList(
            [.. _snapshots.OrderBy(s => s.ReaderId.Value, StringComparer.Ordinal)],
            [.. _unavailable.OrderBy(f => f.ReaderId?.Value, StringComparer.Ordinal)]));
        Context.Stop(Self);
    }

    private sealed record QueryTimedOut : ILocalOnlyMessage
    {
        public static readonly QueryTimedOut Instance = new();
    }
}
