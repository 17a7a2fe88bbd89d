using System.Diagnostics;

namespace SmartCardFleet.Integration.Tests.Support;

/// <summary>Polls a condition until it holds or a deadline passes: the only way these tests wait for the daemon.</summary>
internal static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    /// <summary>Returns the first non-null value of <paramref name="probe"/>; fails with <paramref name="what"/>
    /// and the last observation when the deadline passes.</summary>
    public static T Get<T>(Func<T?> probe, TimeSpan timeout, string what)
        where T : class
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = probe();
            if (value is not null)
            {
                return value;
            }

            if (clock.Elapsed > timeout)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0.#} s waiting for {what}.");
            }

            Thread.Sleep(Interval);
        }
    }

    public static void True(Func<bool> condition, TimeSpan timeout, string what) =>
        Get(() => condition() ? string.Empty : null, timeout, what);
}
