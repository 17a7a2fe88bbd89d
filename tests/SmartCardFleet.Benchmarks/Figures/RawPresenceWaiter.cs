using System.Diagnostics;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Benchmarks.Figures;

/// <summary>A raw SCardGetStatusChange waiter on one reader, on its own thread and context: armed (blocked in the
/// call, having acknowledged the current state) before the card is inserted, it timestamps the moment PC/SC reports
/// the card — what pcscd's own polling costs, which figure 3 subtracts.</summary>
public sealed class RawPresenceWaiter
{
    private readonly TaskCompletionSource _armed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RawPresenceWaiter(IPcscApi api, string reader, TimeSpan timeout)
    {
        Seen = Support.Dedicated.Run("bench-raw-waiter", () => Wait(api, reader, timeout));
    }

    /// <summary>Stopwatch timestamp at which the call returned reporting the card present.</summary>
    public Task<long> Seen { get; }

    public static async Task<RawPresenceWaiter> ArmAsync(IPcscApi api, string reader, TimeSpan timeout)
    {
        var waiter = new RawPresenceWaiter(api, reader, timeout);
        await waiter._armed.Task.WaitAsync(timeout);
        return waiter;
    }

    private long Wait(IPcscApi api, string reader, TimeSpan timeout)
    {
        using var context = PcscContext.Establish(api);
        var entry = new ReaderStateEntry(reader);
        var error = api.GetStatusChange(context.RawHandle, TimeSpan.Zero, [entry]);
        if (error is not (PcscError.Success or PcscError.Timeout) || entry.EventFlags.HasFlag(ReaderStateFlags.Present))
        {
            _armed.TrySetException(new InvalidOperationException($"{reader} must be empty before the insertion ({error}, {entry.EventFlags})"));
            return 0;
        }

        entry.Acknowledge();
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var armed = false;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (!armed)
            {
                // The next call blocks at once; the few instructions before it are noise next to pcscd's polling.
                armed = true;
                _armed.TrySetResult();
            }

            error = api.GetStatusChange(context.RawHandle, Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline), [entry]);
            var now = Stopwatch.GetTimestamp();
            if (error == PcscError.Success && entry.EventFlags.HasFlag(ReaderStateFlags.Present))
            {
                return now;
            }

            if (error is not (PcscError.Success or PcscError.Timeout))
            {
                throw new InvalidOperationException($"raw waiter on {reader}: {error}");
            }

            entry.Acknowledge();
        }

        throw new TimeoutException($"raw waiter did not see a card in {reader} within {timeout}");
    }
}
