using SmartCardFleet.Core.Configuration;

namespace SmartCardFleet.Core.Readers;

/// <summary>The station-wide timings a reader actor runs its own timers with: the foreign-lock threshold, its
/// restart backoff, and how long a retiring reader keeps answering before it stops.</summary>
internal sealed record ReaderTimings
{
    public TimeSpan ForeignLockThreshold { get; init; } = TimeSpan.FromSeconds(2);

    public BackoffSettings Restart { get; init; } = BackoffSettings.ReaderRestartDefault;

    /// <summary>A failure this long after the previous one counts as the first again.</summary>
    public TimeSpan RestartResetAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a retiring reader answers ReaderGone/ServiceUnavailable before it stops: callers that took its
    /// ref from the routing snapshot just before it retired get an answer, not a dead letter.</summary>
    public TimeSpan RetireGrace { get; init; } = TimeSpan.FromSeconds(2);

    public static ReaderTimings For(StationSettings station) => new()
    {
        ForeignLockThreshold = station.ForeignLockThreshold,
        Restart = station.ReaderRestart,
        RestartResetAfter = station.ReaderRestartResetAfter,
    };
}
