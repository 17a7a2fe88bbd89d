namespace SmartCardFleet.Cluster.Tests.Support;

/// <summary>Awaits a condition across nodes: the assertion is retried until it passes or the deadline is over, then its
/// last failure is thrown. Deadlines are generous on purpose (CI is a loaded 2-core machine); they bound a wait, they
/// never measure speed.</summary>
internal static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    public static Task AssertAsync(Action assertion, TimeSpan within) =>
        AssertAsync(() =>
        {
            assertion();
            return Task.CompletedTask;
        }, within);

    public static async Task AssertAsync(Func<Task> assertion, TimeSpan within)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            try
            {
                await assertion();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(Interval);
            }
        }
    }
}
