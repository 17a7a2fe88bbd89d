using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Akka.Actor;
using SmartCardFleet.Core.Readers;

namespace SmartCardFleet.Core.Fleet;

/// <summary>
/// The in-process fast path to one station's reader actors. Routing every request through the ReaderManager costs two
/// cross-thread hand-offs (manager thread, then the BackoffSupervisor) before the reader's own thread; on the real
/// fleet that was ~37 µs of a ~108 µs APDU (docs/benchmarks.md, figure 1). The manager keeps this table of each
/// reader's current actor (written only on its own thread, read by any thread); <see cref="ReaderRequests"/> sends
/// straight to that actor when it is alive and not stuck in a call the manager must answer for, and through the
/// manager otherwise. A remote caller never finds a directory and always goes through the manager.
/// </summary>
public sealed class ReaderDirectory(TimeSpan foreignLockThreshold)
{
    private readonly ConcurrentDictionary<ReaderId, Route> _routes = new();
    private volatile bool _closed;

    /// <summary>True once the manager stopped: callers look the directory up again.</summary>
    public bool IsClosed => _closed;

    /// <summary>The reader actor to send <paramref name="id"/>'s requests to directly, or false when the request must
    /// go through the manager: the reader is unknown, between two incarnations, or inside a PC/SC call that has lasted
    /// the foreign-lock threshold (the manager answers for such a reader; see ReaderManager.Watchdog.cs).</summary>
    public bool TryGetReader(ReaderId id, [NotNullWhen(true)] out IActorRef? reader)
    {
        reader = null;
        // A reader that died since its last notice still gets the request: its dead letter is answered ReaderGone by
        // the manager (ReaderManager.DeadLetters.cs), as the BackoffSupervisor answers while it restarts.
        if (_closed || !_routes.TryGetValue(id, out var route) || route.Reader is not { } current)
        {
            return false;
        }

        if (route.Gauge.CallLasting(foreignLockThreshold) is not null)
        {
            return false;
        }

        reader = current;
        return true;
    }

    /// <summary>The reader's current actor whatever it is doing, or null between incarnations (manager side).</summary>
    internal IActorRef? CurrentReader(ReaderId id) => _routes.TryGetValue(id, out var route) ? route.Reader : null;

    internal void Add(ReaderId id, ReaderCallGauge gauge) => _routes[id] = new Route(gauge, null);

    internal void Remove(ReaderId id) => _routes.TryRemove(id, out _);

    /// <summary>A reader actor of <paramref name="id"/>'s current lineage started (PreStart) or stopped (PostStop).</summary>
    internal void SetReader(ReaderId id, ReaderCallGauge gauge, IActorRef reader, bool running)
    {
        if (!_routes.TryGetValue(id, out var route) || !ReferenceEquals(route.Gauge, gauge))
        {
            return;
        }

        if (running)
        {
            _routes[id] = route with { Reader = reader };
        }
        else if (reader.Equals(route.Reader))
        {
            _routes[id] = route with { Reader = null };
        }
    }

    internal void Clear() => _routes.Clear();

    internal void Close()
    {
        _closed = true;
        _routes.Clear();
    }

    private sealed record Route(ReaderCallGauge Gauge, IActorRef? Reader);
}
