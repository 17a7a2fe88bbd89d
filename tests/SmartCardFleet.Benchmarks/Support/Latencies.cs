using System.Diagnostics;

namespace SmartCardFleet.Benchmarks.Support;

/// <summary>A set of measured durations in microseconds, with the order statistics the report shows.</summary>
public sealed class Latencies
{
    private readonly List<double> _micros = [];

    public int Count => _micros.Count;

    public IReadOnlyList<double> Values => _micros;

    public void Add(double micros) => _micros.Add(micros);

    public void AddTicks(long stopwatchTicks) => _micros.Add(stopwatchTicks * 1_000_000.0 / Stopwatch.Frequency);

    /// <summary>One sample per batch: the batch's time shared by its <paramref name="items"/> (per-APDU cost).</summary>
    public void AddTicksPer(long stopwatchTicks, int items) => _micros.Add(stopwatchTicks * 1_000_000.0 / Stopwatch.Frequency / items);

    public void AddRange(IEnumerable<double> micros) => _micros.AddRange(micros);

    public double Median => Percentile(50);

    public double P99 => Percentile(99);

    public double Mean => _micros.Count == 0 ? double.NaN : _micros.Average();

    /// <summary>Nearest-rank percentile; NaN when empty.</summary>
    public double Percentile(double percent)
    {
        if (_micros.Count == 0)
        {
            return double.NaN;
        }

        var sorted = _micros.Order().ToArray();
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
