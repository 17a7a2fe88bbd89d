using System.Text.Json.Nodes;
using System.Threading.Channels;
using SmartCardFleet.Storage;
using SmartCardFleet.Storage.Events;

namespace SmartCardFleet.Host.Events;

/// <summary>
/// The recent fleet events with sequence numbers, for <c>GET /api/events</c>: a ring bounded in count AND in bytes
/// (resume with Last-Event-ID as long as the id is still kept) plus live subscribers, each with a bounded queue. A
/// subscriber whose queue is full is too slow: it is dropped (its stream ends and the client reconnects with its last
/// id) instead of letting memory grow. Every string field is capped (<see cref="EventFieldBounds"/>), so no client can
/// make one event, the ring or a new subscriber's backlog large. With a database (<see cref="Window"/>), every event
/// is also queued to the durable event window (never waiting for it), which answers a Last-Event-ID older than the ring.
/// </summary>
public sealed class FleetEventJournal
{
    /// <summary>Events kept for replay (the count bound).</summary>
    public const int DefaultCapacity = 1024;

    /// <summary>Bytes kept for replay (the size bound): typical events are 150-400 bytes, so normally the count bound
    /// applies; events with capped fields cannot make the ring larger than this.</summary>
    public const long DefaultMaxBytes = 1024 * 1024;

    /// <summary>Events one live subscriber may have pending before it is dropped. Another station's events arrive in
    /// batches of up to 512 at once (docs/cluster.md), so a console's subscribers need room for several batches; memory is
    /// only taken while a subscriber lags, and at most <see cref="DefaultMaxSubscribers"/> subscribers exist.</summary>
    public const int DefaultSubscriberQueue = 4096;

    /// <summary>Live subscribers (open event streams) at once: every one may hold a full queue, so their number is bounded too.</summary>
    public const int DefaultMaxSubscribers = 64;

    private readonly Lock _gate = new();
    private readonly Queue<(FleetEventRecord Record, long Bytes)> _kept = new();
    private readonly int _capacity;
    private readonly long _maxBytes;
    private readonly int _subscriberQueue;
    private readonly int _maxSubscribers;
    private readonly List<Subscription> _subscribers = [];
    private readonly IEventWindow? _window;
    private long _lastId;
    private long _keptBytes;

    /// <param name="capacity">Most events kept for replay.</param>
    /// <param name="subscriberQueue">Events one live subscriber may have pending before it is dropped.</param>
    /// <param name="maxBytes">Most bytes (as measured by <see cref="EventFieldBounds.Measure"/>) kept for replay.</param>
    /// <param name="firstId">The id of the first event; see <see cref="FirstIdOfRunStartedAt"/>.</param>
    /// <param name="maxSubscribers">Most live subscribers at once (<see cref="TrySubscribe"/>).</param>
    /// <param name="window">The durable event window every event is also queued to; null without a database.</param>
    public FleetEventJournal(int capacity = DefaultCapacity, int subscriberQueue = DefaultSubscriberQueue, long maxBytes = DefaultMaxBytes,
        long firstId = 1, int maxSubscribers = DefaultMaxSubscribers, IEventWindow? window = null)
    {
        _window = window;
        FirstId = firstId;
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSubscribers, 1);
        _maxSubscribers = maxSubscribers;
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(subscriberQueue, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(firstId, 1);
        _capacity = capacity;
        _maxBytes = maxBytes;
        _subscriberQueue = subscriberQueue;
        _lastId = firstId - 1;
    }

    /// <summary>
    /// The first id of a station started at <paramref name="start"/>: its Unix time in seconds times a million. Ids of
    /// an earlier run are therefore smaller than every id of this run, so a client that reconnects across a restart
    /// with its old Last-Event-ID is replayed everything this run still keeps instead of nothing (ids stay below 2^53,
    /// exact in JavaScript; a run would need a million events per second of the next restart's delay to overlap).
    /// </summary>
    public static long FirstIdOfRunStartedAt(DateTimeOffset start) => Math.Max(start.ToUnixTimeSeconds(), 0) * 1_000_000 + 1;

    /// <summary>How long the start waits for the durable window's last id before it numbers by the clock alone.</summary>
    public static readonly TimeSpan StoredIdWait = TimeSpan.FromSeconds(5);

    /// <summary>The station's journal: default bounds, ids starting at <see cref="FirstIdAbove"/>, events also kept in
    /// <paramref name="window"/> when the node has a database.</summary>
    public static FleetEventJournal ForRunStartedAt(DateTimeOffset start, IEventWindow? window = null) =>
        new(firstId: FirstIdAbove(start, window), window: window);

    /// <summary>
    /// The first id of a run: <see cref="FirstIdOfRunStartedAt"/>, but above every id the durable window already holds for
    /// this station. A clock set back (by hand, a bad RTC, NTP after a dead battery) would otherwise number new events
    /// with ids already stored: the window keeps the stored row (ON CONFLICT DO NOTHING drops the new one) and a client
    /// resuming with Last-Event-ID would be replayed old events as new. Runs once at start, off every actor; the wait
    /// is bounded by <see cref="StoredIdWait"/>. When the database cannot answer by then (unreachable, or a new database
    /// whose schema is not there yet), the clock alone numbers the run, as without a database: ids then only collide if
    /// the clock also went back.
    /// </summary>
    public static long FirstIdAbove(DateTimeOffset start, IEventWindow? window)
    {
        var byClock = FirstIdOfRunStartedAt(start);
        if (window is null)
        {
            return byClock;
        }

        using var bound = new CancellationTokenSource(StoredIdWait);
        try
        {
            // The DI factory that builds the journal cannot await; Task.Run keeps the wait free of any captured context.
            var stored = Task.Run(() => window.LastIdAsync(bound.Token), bound.Token).WaitAsync(StoredIdWait).GetAwaiter().GetResult();
            return Math.Max(byClock, stored + 1);
        }
        catch (Exception e) when (e is StorageUnavailableException or OperationCanceledException or TimeoutException)
        {
            return byClock;
        }
    }

    /// <summary>The id of this run's first event: ids from here on are contiguous, ids below it belong to earlier runs.</summary>
    public long FirstId { get; }

    /// <summary>The durable event window, or null when events live in memory only.</summary>
    public IEventWindow? Window => _window;

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

    /// <summary>What the kept events weigh, by <see cref="EventFieldBounds.Measure"/>; never more than the byte budget.</summary>
    public long RetainedBytes
    {
        get
        {
            lock (_gate)
            {
                return _keptBytes;
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

    /// <param name="station">The station the event happened on (Station:Name for this station's own events).</param>
    public FleetEventRecord Append(string type, string? readerId, DateTimeOffset timestamp, JsonObject data, string? station = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        EventFieldBounds.Bound(data);
        lock (_gate)
        {
            var record = new FleetEventRecord(++_lastId, type, readerId, timestamp, data, station);
            Keep(record);
            // Under the lock, so the window's writer is handed the events in id order. Append only queues: a full queue
            // (storage failing for a while) loses the event for the durable window only, and the storage health says so.
            _window?.Append(new StoredEvent(record.Id, type, station, readerId, timestamp, data.ToJsonString()));
            for (var i = _subscribers.Count - 1; i >= 0; i--)
            {
                if (!_subscribers[i].Offer(record))
                {
                    _subscribers.RemoveAt(i);
                }
            }

            return record;
        }
    }

    /// <summary>Kept events with an id greater than <paramref name="afterId"/> (all kept ones when null), oldest
    /// first: none for an id at or beyond the last one.</summary>
    public IReadOnlyList<FleetEventRecord> Since(long? afterId)
    {
        lock (_gate)
        {
            return BacklogLocked(afterId);
        }
    }

    /// <summary>Atomically takes the backlog after <paramref name="afterId"/> and starts a live feed, so no event falls
    /// between the two. Dispose the subscription to leave.</summary>
    /// <exception cref="InvalidOperationException">There are <see cref="DefaultMaxSubscribers"/> (the bound) already.</exception>
    public Subscription Subscribe(long? afterId) =>
        TrySubscribe(afterId) ?? throw new InvalidOperationException($"the journal has {_maxSubscribers} live subscribers already");

    /// <summary>As <see cref="Subscribe"/>, or null when the most live subscribers allowed are there already.</summary>
    public Subscription? TrySubscribe(long? afterId)
    {
        var channel = Channel.CreateBounded<FleetEventRecord>(new BoundedChannelOptions(_subscriberQueue)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        lock (_gate)
        {
            if (_subscribers.Count >= _maxSubscribers)
            {
                return null;
            }

            var subscription = new Subscription(this, channel, BacklogLocked(afterId), _lastId + 1);
            _subscribers.Add(subscription);
            return subscription;
        }
    }

    /// <summary>The newest event always goes in; the oldest go until both bounds hold again (an event heavier than the
    /// whole budget is not kept at all, live subscribers still get it).</summary>
    private void Keep(FleetEventRecord record)
    {
        var bytes = EventFieldBounds.Measure(record);
        _kept.Enqueue((record, bytes));
        _keptBytes += bytes;
        while (_kept.Count > _capacity || _keptBytes > _maxBytes)
        {
            _keptBytes -= _kept.Dequeue().Bytes;
        }
    }

    // No "afterId + 1": Last-Event-ID 9223372036854775807 must not overflow into "replay everything".
    private List<FleetEventRecord> BacklogLocked(long? afterId) =>
        [.. _kept.Select(k => k.Record).Where(r => afterId is not { } after || r.Id > after)];

    private void Leave(Subscription subscription)
    {
        lock (_gate)
        {
            _subscribers.Remove(subscription);
        }
    }

    public sealed class Subscription : IDisposable
    {
        private readonly FleetEventJournal _journal;
        private readonly Channel<FleetEventRecord> _channel;
        // Never disposed: it has no timer, and the journal may cancel it while the stream is leaving.
        private readonly CancellationTokenSource _dropped = new();

        internal Subscription(FleetEventJournal journal, Channel<FleetEventRecord> channel, IReadOnlyList<FleetEventRecord> backlog,
            long firstLiveId)
        {
            _journal = journal;
            _channel = channel;
            Backlog = backlog;
            FirstDeliveredId = backlog.Count > 0 ? backlog[0].Id : firstLiveId;
        }

        public IReadOnlyList<FleetEventRecord> Backlog { get; }

        /// <summary>The smallest id this subscription delivers: its backlog's first, or else the next live event's. Events
        /// the client missed below it can only come from the durable window.</summary>
        public long FirstDeliveredId { get; }

        /// <summary>Live events; completes with <see cref="SlowSubscriberException"/> when this subscriber fell behind.</summary>
        public ChannelReader<FleetEventRecord> Live => _channel.Reader;

        /// <summary>Cancelled when the journal drops this subscriber for falling behind: a stream blocked writing to a
        /// client that stopped reading learns it here, not only when it next reads <see cref="Live"/>.</summary>
        public CancellationToken Dropped => _dropped.Token;

        public void Dispose()
        {
            _journal.Leave(this);
            _channel.Writer.TryComplete();
        }

        /// <summary>Queues <paramref name="record"/>; false (and dropped) when the queue is full.</summary>
        internal bool Offer(FleetEventRecord record)
        {
            if (_channel.Writer.TryWrite(record))
            {
                return true;
            }

            _channel.Writer.TryComplete(new SlowSubscriberException());
            // Asynchronously: the stream's cancellation callbacks must not run on the appending thread under the lock.
            _ = _dropped.CancelAsync();
            return false;
        }
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
