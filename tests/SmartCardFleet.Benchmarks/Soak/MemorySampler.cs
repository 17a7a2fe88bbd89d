using System.Diagnostics;
using SmartCardFleet.Benchmarks.Support;

namespace SmartCardFleet.Benchmarks.Soak;

/// <summary>Samples the managed heap (after a full collection) and the resident set at a fixed interval while the
/// storm runs, and fits a least-squares line through each: the slope says whether memory is flat.</summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private readonly List<(double Seconds, long Managed, long Resident)> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private readonly long _start = Stopwatch.GetTimestamp();

    public MemorySampler(TimeSpan interval) => _sampling = SampleAsync(interval);

    public int Count => _samples.Count;

    /// <summary>Bytes per minute of the managed heap and of the resident set over the samples (NaN below 3 samples).</summary>
    public (double Managed, double Resident) SlopePerMinute() => _samples.Count < 3
        ? (double.NaN, double.NaN)
        : (Slope(s => s.Managed) * 60, Slope(s => s.Resident) * 60);

    public (long Min, long Max) ManagedRange => _samples.Count == 0 ? (0, 0) : (_samples.Min(s => s.Managed), _samples.Max(s => s.Managed));

    public (long Min, long Max) ResidentRange => _samples.Count == 0 ? (0, 0) : (_samples.Min(s => s.Resident), _samples.Max(s => s.Resident));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _sampling;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task SampleAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(_stop.Token))
        {
            _samples.Add((Stopwatch.GetElapsedTime(_start).TotalSeconds, MemoryProbe.ManagedAfterFullGc(), MemoryProbe.ResidentBytes()));
        }
    }

    private double Slope(Func<(double Seconds, long Managed, long Resident), long> value)
    {
        var meanX = _samples.Average(s => s.Seconds);
        var meanY = _samples.Average(s => (double)value(s));
        var covariance = _samples.Sum(s => (s.Seconds - meanX) * (value(s) - meanY));
        var variance = _samples.Sum(s => (s.Seconds - meanX) * (s.Seconds - meanX));
        return variance == 0 ? 0 : covariance / variance;
    }
}
