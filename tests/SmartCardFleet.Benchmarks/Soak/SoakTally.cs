using System.Collections.Concurrent;
using System.Diagnostics;
using static SmartCardFleet.Benchmarks.Support.Format;

namespace SmartCardFleet.Benchmarks.Soak;

/// <summary>
/// What the soak's clients were answered, and every broken invariant, counted as they happen (thread-safe). Each kind
/// of violation keeps its count and its first few samples, so a run that breaks one rule thousands of times still
/// reports in a few lines and in bounded memory. A 503 is judged when it arrives: allowed while PC/SC is down (from
/// just before the kill until the station said it was ready again, plus a grace), a violation otherwise.
/// </summary>
internal sealed class SoakTally
{
    private const int SamplesPerKind = 3;
    private const int DetailLength = 240;
    private const int MaxExamples = 100;
    private readonly long _start = Stopwatch.GetTimestamp();
    private readonly ConcurrentDictionary<string, long> _answers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Violation> _violations = new(StringComparer.Ordinal);
    private readonly List<(long From, long To)> _outages = [];
    private readonly Lock _outageGate = new();
    private long _outageOpenSince;
    private long _serviceUnavailableInOutage;
    private readonly ConcurrentDictionary<string, string> _examples = new(StringComparer.Ordinal);
    private readonly long _deadlineTicks;
    private long _maxLatencyTicks;
    private string _maxLatencyWhat = "";

    public SoakTally(TimeSpan answerDeadline) => _deadlineTicks = (long)(answerDeadline.TotalSeconds * Stopwatch.Frequency);

    public long Requests => _answers.Values.Sum();

    public LatencyHistogram Latencies { get; } = new();

    /// <summary>503 answers to requests that overlapped a PC/SC outage (allowed).</summary>
    public long ServiceUnavailableInOutage => Interlocked.Read(ref _serviceUnavailableInOutage);

    /// <summary>PC/SC outages so far (kill → station ready again + grace).</summary>
    public int Outages
    {
        get
        {
            lock (_outageGate)
            {
                return _outages.Count;
            }
        }
    }

    public TimeSpan MaxLatency => Stopwatch.GetElapsedTime(0, Volatile.Read(ref _maxLatencyTicks));

    public string MaxLatencyWhat => _maxLatencyWhat;

    /// <summary>Answers by "status reason" ("200", "409 CardGone", "unanswered ..."), in order.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Answers => [.. _answers.OrderBy(a => a.Key, StringComparer.Ordinal)];

    /// <summary>The first problem detail seen for each non-2xx "status reason".</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Examples => [.. _examples.OrderBy(e => e.Key, StringComparer.Ordinal)];

    public IReadOnlyList<Violation> Violations => [.. _violations.Values.OrderBy(v => v.Kind, StringComparer.Ordinal)];

    public long ByClass(char first) => _answers.Where(a => a.Key[0] == first).Sum(a => a.Value);

    /// <summary>Seconds since the tally was created, for samples and the report.</summary>
    public double At(long timestamp) => Stopwatch.GetElapsedTime(_start, timestamp).TotalSeconds;

    public void Answered(string what, int status, string? reason, string? detail, long started, long ended)
    {
        var key = status < 300 ? $"{status}" : $"{status} {reason ?? "(no reason)"}";
        _answers.AddOrUpdate(key, 1, (_, n) => n + 1);
        if (status >= 300 && _examples.Count < MaxExamples)
        {
            _examples.TryAdd(key, Shorten(detail));
        }

        var ticks = ended - started;
        Latencies.AddTicks(ticks);
        if (ticks > Interlocked.Read(ref _maxLatencyTicks))
        {
            Interlocked.Exchange(ref _maxLatencyTicks, ticks);
            _maxLatencyWhat = $"{what} → {status}";
        }

        if (ticks > _deadlineTicks)
        {
            Violate("answered after OperationTimeout + margin", Sample(what, status, reason, detail, started));
        }

        if (status == 503 && InOutage(started, ended))
        {
            Interlocked.Increment(ref _serviceUnavailableInOutage);
        }
        else if (status == 503)
        {
            Violate($"503 {reason ?? "(no reason)"} while PC/SC was up", Sample(what, status, reason, detail, started));
        }
        else if (status >= 500)
        {
            Violate($"{status} {reason ?? "(no reason)"} (only 503 while PC/SC is down is allowed)", Sample(what, status, reason, detail, started));
        }
    }

    /// <summary>PC/SC goes down now (called just before pcscd is killed): 503 answers are allowed from here…</summary>
    public void OutageBegins() => Interlocked.Exchange(ref _outageOpenSince, Stopwatch.GetTimestamp());

    /// <summary>…until <paramref name="until"/> (the station said it was ready again, plus a grace for answers on their way).</summary>
    public void OutageEnds(long until)
    {
        lock (_outageGate)
        {
            _outages.Add((Interlocked.Exchange(ref _outageOpenSince, 0), until));
        }
    }

    /// <summary>No HTTP answer at all: the client's deadline passed, or the connection failed.</summary>
    public void Unanswered(string what, string why, long started)
    {
        _answers.AddOrUpdate($"no answer: {why}", 1, (_, n) => n + 1);
        Violate($"request not answered ({why})", Invariant($"t={At(started):0.0}s {what}"));
    }

    public void Violate(string kind, string sample)
    {
        var violation = _violations.GetOrAdd(kind, k => new Violation(k));
        violation.Add(sample);
    }

    /// <summary>Whether the request overlapped an outage that has ended, or one is going on now.</summary>
    private bool InOutage(long started, long ended)
    {
        if (Interlocked.Read(ref _outageOpenSince) != 0)
        {
            return true;
        }

        lock (_outageGate)
        {
            return _outages.Any(o => started <= o.To && ended >= o.From);
        }
    }

    private string Sample(string what, int status, string? reason, string? detail, long started) =>
        Invariant($"t={At(started):0.0}s {what} → {status} {reason}: {Shorten(detail)}");

    private static string Shorten(string? text) =>
        text is null ? "" : text.Length <= DetailLength ? text : string.Concat(text.AsSpan(0, DetailLength), "…");

    /// <summary>One kind of broken invariant: how often, and the first few occurrences.</summary>
    internal sealed class Violation(string kind)
    {
        private readonly ConcurrentQueue<string> _samples = new();
        private long _count;

        public string Kind { get; } = kind;

        public long Count => Interlocked.Read(ref _count);

        public IReadOnlyList<string> Samples => [.. _samples];

        public void Add(string sample)
        {
            if (Interlocked.Increment(ref _count) <= SamplesPerKind)
            {
                _samples.Enqueue(sample);
            }
        }
    }
}
