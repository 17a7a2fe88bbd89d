using System.Diagnostics;

namespace SmartCardFleet.Benchmarks.Soak;

/// <summary>
/// Latencies in fixed log-scale buckets (20 per decade, 10 µs … 100 s), thread-safe and of constant size however
/// long the soak runs, so the soak's own bookkeeping does not show up in the memory it judges. Percentiles answer the
/// upper bound of their bucket: at most 12 % above the true value.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int PerDecade = 20;
    private const double MinMicros = 10;
    private const int Buckets = 7 * PerDecade;
    private readonly long[] _counts = new long[Buckets + 1];

    public long Count => _counts.Sum();

    public void AddTicks(long stopwatchTicks)
    {
        var micros = stopwatchTicks * 1_000_000.0 / Stopwatch.Frequency;
        var bucket = micros <= MinMicros ? 0 : (int)Math.Ceiling(Math.Log10(micros / MinMicros) * PerDecade);
        Interlocked.Increment(ref _counts[Math.Clamp(bucket, 0, Buckets)]);
    }

    /// <summary>Nearest-rank percentile in milliseconds (bucket upper bound); NaN when empty.</summary>
    public double PercentileMillis(double percent)
    {
        var counts = _counts.Select(c => Interlocked.Read(ref c)).ToArray();
        var total = counts.Sum();
        if (total == 0)
        {
            return double.NaN;
        }

        var rank = (long)Math.Ceiling(percent / 100 * total);
        long seen = 0;
        for (var bucket = 0; bucket < counts.Length; bucket++)
        {
            seen += counts[bucket];
            if (seen >= rank)
            {
                return MinMicros * Math.Pow(10, (double)bucket / PerDecade) / 1000;
            }
        }

        return double.NaN;
    }
}
