using System.Diagnostics;
using Akka.Actor;
using SmartCardFleet.Core.Fleet;

namespace SmartCardFleet.Benchmarks.Support;

/// <summary>Polls the ReaderManager's reader list until it shows what a figure needs before it measures anything,
/// with a deadline so a fleet that never gets there fails the run with a reason instead of hanging it.</summary>
public static class ReaderListWait
{
    /// <param name="done">Whether the list is what the caller waits for.</param>
    /// <param name="why">The TimeoutException's message, from the last list seen.</param>
    /// <param name="timeout">The deadline for the whole wait, and for each ListReaders ask.</param>
    /// <param name="interval">The pause between two asks.</param>
    public static async Task UntilAsync(IActorRef manager, Func<ReaderList, bool> done, Func<ReaderList, string> why,
        TimeSpan timeout, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(done);
        ArgumentNullException.ThrowIfNull(why);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var list = await manager.Ask<ReaderList>(ListReaders.Instance, timeout);
            if (done(list))
            {
                return;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException(why(list));
            }

            await Task.Delay(interval);
        }
    }
}
