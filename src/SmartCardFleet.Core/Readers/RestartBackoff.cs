namespace SmartCardFleet.Core.Readers;

/// <summary>
/// A reader's failure history across restarts, handed from the failed actor instance to the next through its own
/// mailbox (<see cref="ReaderActor"/>'s PreRestart). A reader that ran for <see cref="ReaderTimings.RestartResetAfter"/>
/// since it last started counts its next failure as the first again; past <c>Restart.MaxRetries</c> it gives up (stays
/// Faulted). A reader that never got going (no context) never resets the count.
/// </summary>
internal sealed record RestartBackoff(int Failures, DateTimeOffset? RunningSince)
{
    public static readonly RestartBackoff None = new(0, null);

    /// <summary>The history once the reader started successfully at <paramref name="now"/>.</summary>
    public RestartBackoff Started(DateTimeOffset now) => this with { RunningSince = now };

    /// <summary>The history after one more failure at <paramref name="now"/>.</summary>
    public RestartBackoff After(DateTimeOffset now, ReaderTimings timings) =>
        new(RunningSince is { } since && now - since >= timings.RestartResetAfter ? 1 : Failures + 1, null);

    /// <summary>True when the retries are used up (a negative MaxRetries retries forever).</summary>
    public bool GivesUp(ReaderTimings timings) => timings.Restart.MaxRetries >= 0 && Failures > timings.Restart.MaxRetries;

    /// <summary>How long the reader waits before it opens a context again; <paramref name="random"/> in [0, 1).</summary>
    public TimeSpan Delay(ReaderTimings timings, double random) => timings.Restart.DelayFor(Math.Max(Failures - 1, 0), random);
}
