using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace SmartCardFleet.Host.Events;

/// <summary>
/// The recent fleet events with sequence numbers, for <c>GET /api/events</c>: a bounded ring buffer (resume with
/// Last-Event-ID as long as the id is still in the ring) plus live subscribers, each with a bounded queue. A
/// subscriber whose queue is full is too slow: it is dropped (its stream ends and the client reconnects with its last
/// id) instead of letting memory grow.
/// </summary>
public sealed class FleetEventJournal
{
    private readonly Lock _gate = new();
    private readonly FleetEventRecord?[] _ring;
    private readonly int _subscriberQueue;
    private readonly List<Channel<FleetEventRecord>> _subscribers = [];
    private long _lastId;

    public FleetEventJournal(int capacity = 1024, int subscriberQueue = 256)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(subscriberQueue, 1);
        _ring = new FleetEventRecord?[capacity];
        _subscriberQueue = subscriberQueue;
    }

    public long LastId
    {
        get
        {
            lock (_gate)
            {
                return _lastId;
            }
        }
    }

    public int SubscriberCount
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    public FleetEventRecord Append(string type, string? readerId, DateTimeOffset timestamp, JsonObject data)
    {
        lock (_gate)
        {
            var record = new FleetEventRecord(++_lastId, type, readerId, timestamp, data);
            _ring[record.Id % _ring.Length] = record;
            for (var i = _subscribers.Count - 1; i >= 0; i--)
            {
                if (!_subscribers[i].Writer.TryWrite(record))
                {
                    _subscribers[i].Writer.TryComplete(new SlowSubscriberException());
                    _subscribers.RemoveAt(i);
                }
            }

            return record;
        }
    }

    /// <summary>Recent events with an id greater than <paramref name="afterId"/> (all kept ones when null), oldest first.</summary>
    public IReadOnlyList<FleetEventRecord> Since(long? afterId)
    {
        lock (_gate)
        {
            return BacklogLocked(afterId);
        }
    }

    /// <summary>Atomically takes the backlog after <paramref name="afterId"/> and starts a live feed, so no event falls
    /// between the two. Dispose the subscription to leave.</summary>
    public Subscription Subscribe(long? afterId)
    {
        var channel = Channel.CreateBounded<FleetEventRecord>(new BoundedChannelOptions(_subscriberQueue)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        lock (_gate)
        {
            _subscribers.Add(channel);
            return new Subscription(this, channel, BacklogLocked(afterId));
        }
    }

    private List<FleetEventRecord> BacklogLocked(long? afterId)
    {
        var from = Math.Max((afterId ?? 0) + 1, _lastId - _ring.Length + 1);
        var backlog = new List<FleetEventRecord>();
        for (var id = Math.Max(from, 1); id <= _lastId; id++)
        {
            if (_ring[id % _ring.Length] is { } record && record.Id == id)
            {
                backlog.Add(record);
            }
        }

        return backlog;
    }

    private void Leave(Channel<FleetEventRecord> channel)
    {
        lock (_gate)
        {
            _subscribers.Remove(channel);
        }

        channel.Writer.TryComplete();
    }

    public sealed class Subscription : IDisposable
    {
        private readonly FleetEventJournal _journal;
        private readonly Channel<FleetEventRecord> _channel;

        internal Subscription(FleetEventJournal journal, Channel<FleetEventRecord> channel, IReadOnlyList<FleetEventRecord> backlog)
        {
            _journal = journal;
            _channel = channel;
            Backlog = backlog;
        }

        public IReadOnlyList<FleetEventRecord> Backlog { get; }

        /// <summary>Live events; completes with <see cref="SlowSubscriberException"/> when this subscriber fell behind.</summary>
        public ChannelReader<FleetEventRecord> Live => _channel.Reader;

        public void Dispose() => _journal.Leave(_channel);
    }
}

/// <summary>The subscriber did not keep up with the event rate and was dropped.</summary>
public sealed class SlowSubscriberException : Exception
{
    public SlowSubscriberException()
        : base("the event stream subscriber fell too far behind and was dropped; reconnect with Last-Event-ID")
    {
    }

    public SlowSubscriberException(string message)
        : base(message)
    {
    }

    public SlowSubscriberException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
