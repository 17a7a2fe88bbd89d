namespace SmartCardFleet.Core.Readers;

/// <summary>What kind of wait a PC/SC call inside a reader actor may turn into.</summary>
public enum BlockingCallKind
{
    /// <summary>SCardConnect / SCardBeginTransaction: on pcsc-lite they wait without timeout while another handle
    /// (usually another process) holds the transaction (docs/pcsc-notes.md §3). Past the threshold this is a foreign
    /// lock.</summary>
    LockWait,
    /// <summary>SCardTransmit / SCardControl / SCardReconnect: bounded by the card, but a slow card (key generation)
    /// can take a minute. Long is legitimate here: never treated as a foreign lock.</summary>
    CardExchange,
}

/// <summary>One PC/SC call in progress, as the reader actor announced it. <see cref="Snapshot"/> is the reader's status
/// taken just before the call (nothing changes while the actor's thread is inside it).</summary>
public sealed class BlockingCall
{
    private const int Running = 0;
    private const int Announced = 1;
    private const int Ended = 2;

    private int _phase;

    internal BlockingCall(string operation, BlockingCallKind kind, long startTimestamp, DateTimeOffset since, ReaderSnapshot snapshot)
    {
        Operation = operation;
        Kind = kind;
        StartTimestamp = startTimestamp;
        Since = since;
        Snapshot = snapshot;
    }

    public string Operation { get; }

    public BlockingCallKind Kind { get; }

    /// <summary>TimeProvider timestamp of the start (for elapsed time, immune to wall-clock jumps).</summary>
    public long StartTimestamp { get; }

    public DateTimeOffset Since { get; }

    public ReaderSnapshot Snapshot { get; }

    /// <summary>Manager side: true for exactly one caller, and only while the call still runs, so ReaderBlocked is
    /// published once and never after the call returned.</summary>
    internal bool TryAnnounce() => Interlocked.CompareExchange(ref _phase, Announced, Running) == Running;

    /// <summary>Reader side: marks the call ended; true when the manager had announced it (ReaderUnblocked is due).</summary>
    internal bool End() => Interlocked.Exchange(ref _phase, Ended) == Announced;
}

/// <summary>
/// Shared between a reader actor (writer: its own thread, around every call that may not come back soon) and the
/// manager (reader: its thread). The actor cannot answer anything while it sits inside a blocking native call, so the
/// manager looks here before forwarding a request. One immutable <see cref="BlockingCall"/> per call, swapped with a
/// volatile write: no lock, nothing the actor's thread can wait on.
/// </summary>
public sealed class ReaderCallGauge(TimeProvider clock)
{
    private BlockingCall? _current;

    public TimeProvider Clock { get; } = clock;

    /// <summary>The call in progress, or null.</summary>
    public BlockingCall? Current => Volatile.Read(ref _current);

    /// <summary>How long <paramref name="call"/> has been running.</summary>
    public TimeSpan Elapsed(BlockingCall call) => Clock.GetElapsedTime(call.StartTimestamp);

    /// <summary>The call in progress when it has lasted at least <paramref name="threshold"/>, else null: the one test
    /// of "the manager answers for this reader" (ReaderManager.Watchdog.cs, ReaderDirectory).</summary>
    public BlockingCall? CallLasting(TimeSpan threshold) => Current is { } call && Elapsed(call) >= threshold ? call : null;

    /// <summary>Marks the start of a call; dispose the scope when it returns. Scopes nest (a reconnect inside a
    /// transmit's reset recovery): the outer call is current again afterwards.</summary>
    internal Scope Enter(string operation, BlockingCallKind kind, ReaderSnapshot snapshot, Action<BlockingCall>? onAnnouncedEnd = null)
    {
        var call = new BlockingCall(operation, kind, Clock.GetTimestamp(), Clock.GetUtcNow(), snapshot);
        var previous = Volatile.Read(ref _current);
        Volatile.Write(ref _current, call);
        return new Scope(this, call, previous, onAnnouncedEnd);
    }

    /// <summary>Ends one call (see <see cref="Enter"/>).</summary>
    internal readonly struct Scope : IDisposable
    {
        private readonly ReaderCallGauge? _gauge;
        private readonly BlockingCall? _call;
        private readonly BlockingCall? _previous;
        private readonly Action<BlockingCall>? _onAnnouncedEnd;

        internal Scope(ReaderCallGauge gauge, BlockingCall call, BlockingCall? previous, Action<BlockingCall>? onAnnouncedEnd)
        {
            _gauge = gauge;
            _call = call;
            _previous = previous;
            _onAnnouncedEnd = onAnnouncedEnd;
        }

        public void Dispose()
        {
            if (_gauge is null || _call is null)
            {
                return;
            }

            Volatile.Write(ref _gauge._current, _previous);
            if (_call.End())
            {
                _onAnnouncedEnd?.Invoke(_call);
            }
        }
    }
}
