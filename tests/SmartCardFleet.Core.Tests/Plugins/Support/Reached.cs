namespace SmartCardFleet.Core.Tests.Plugins.Support;

/// <summary>A point in plugin code the spec waits for before it moves the manual clock: plugin code runs on plugin
/// threads, so "the probe is running now" is a signal, not a given. The real-time limit only fails a spec that hangs;
/// it never decides an outcome.</summary>
internal sealed class Reached
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);
    private readonly ManualResetEventSlim _reached = new();

    /// <summary>Marks the point as reached and hands <paramref name="value"/> on.</summary>
    public T Pass<T>(T value)
    {
        _reached.Set();
        return value;
    }

    public void Wait() => Assert.True(_reached.Wait(Limit), "plugin code did not reach the point the spec waits for");
}
