using SmartCardFleet.Core.Configuration;

namespace SmartCardFleet.Integration.Tests.Actors.Support;

/// <summary>How many service-recovery attempts a backoff allows in a window, derived from the settings the test gave
/// the station, so the bound follows the configuration instead of a magic number.</summary>
internal static class BackoffBounds
{
    /// <summary>Most attempts any window of <paramref name="window"/> can hold: jitter only lengthens delays and the
    /// delays never shrink, so the densest window starts at an attempt and uses the shortest delays from the first.</summary>
    public static int MaxAttemptsWithin(BackoffSettings backoff, TimeSpan window)
    {
        var attempts = 1;
        var elapsed = TimeSpan.Zero;
        for (var gap = 0; ; gap++)
        {
            elapsed += backoff.DelayFor(gap, random: 0);
            if (elapsed > window)
            {
                return attempts;
            }

            attempts++;
        }
    }
}
