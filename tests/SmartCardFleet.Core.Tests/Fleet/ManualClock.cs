namespace SmartCardFleet.Core.Tests.Fleet;

/// <summary>A TimeProvider that moves only when the test says so: "blocked for longer than the threshold" becomes a
/// decision of the spec instead of a race with the wall clock. Only timestamps and UtcNow are used by the watchdog
/// (its check timer is Akka's and runs in real time).</summary>
internal sealed class ManualClock : TimeProvider
{
    private static readonly DateTimeOffset Origin = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override DateTimeOffset GetUtcNow() => Origin + TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
