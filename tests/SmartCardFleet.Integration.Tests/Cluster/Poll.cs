using System.Diagnostics;

namespace SmartCardFleet.Integration.Tests.Cluster;

/// <summary>Waiting for a state of other processes: ask again every 100 ms until the answer is the awaited one or the
/// deadline passes, then fail with what was awaited and the last answer. Deadlines are generous (CI is a loaded 2-core
/// machine); a test that passes waits only as long as the fleet takes.</summary>
internal static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>Polls <paramref name="probe"/> until <paramref name="done"/> holds; returns that answer.
    /// <paramref name="describe"/> words the last answer for the failure message. A probe that throws (the node is not
    /// listening yet) counts as "not yet"; <see cref="InvalidOperationException"/> (a node process ended) fails at once.</summary>
    public static async Task<T> UntilAsync<T>(string what, TimeSpan deadline, Func<Task<T>> probe, Func<T, bool> done,
        Func<T, string> describe, Func<string>? diagnostics = null)
    {
        var clock = Stopwatch.StartNew();
        var last = "(no answer yet)";
        while (true)
        {
            try
            {
                var answer = await probe();
                if (done(answer))
                {
                    return answer;
                }

                last = describe(answer);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = $"{e.GetType().Name}: {e.Message}";
            }

            if (clock.Elapsed > deadline)
            {
                Assert.Fail($"{what}: not within {deadline.TotalSeconds:0} s. Last answer: {last}" +
                    (diagnostics is null ? "" : "\n" + diagnostics()));
            }

            await Task.Delay(Interval);
        }
    }
}
