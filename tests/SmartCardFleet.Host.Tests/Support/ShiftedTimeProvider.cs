namespace SmartCardFleet.Host.Tests.Support;

/// <summary>The system clock moved by <paramref name="offset"/> for the wall-clock time only (timers and timestamps stay
/// real): a station "restarted later" gets the event ids of a later run without the test waiting for the next second.</summary>
internal sealed class ShiftedTimeProvider(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
