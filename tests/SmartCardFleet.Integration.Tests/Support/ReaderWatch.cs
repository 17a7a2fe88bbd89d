using System.Diagnostics;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Integration.Tests.Support;

/// <summary>Waits for a reader state through SCardGetStatusChange (a blocking wait with a deadline, not polling),
/// feeding each event state back so no insert/remove pair is missed.</summary>
internal static class ReaderWatch
{
    public static ReaderStateEntry Snapshot(PcscContext context, string reader)
    {
        var entry = new ReaderStateEntry(reader);
        context.GetStatusChange(TimeSpan.Zero, [entry]);
        return entry;
    }

    /// <summary>Returns the entry once <paramref name="condition"/> holds; fails after <paramref name="timeout"/>.</summary>
    public static ReaderStateEntry Until(PcscContext context, string reader, Func<ReaderStateEntry, bool> condition,
        TimeSpan timeout, string what)
    {
        var entry = Snapshot(context, reader);
        var clock = Stopwatch.StartNew();
        while (!condition(entry))
        {
            var left = timeout - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0.#} s waiting for {what}; last state: {entry}");
            }

            entry.Acknowledge();
            context.GetStatusChange(left, [entry]);
        }

        return entry;
    }

    public static ReaderStateEntry UntilPresent(PcscContext context, string reader, TimeSpan timeout) =>
        Until(context, reader, e => e.EventFlags.HasFlag(ReaderStateFlags.Present), timeout, $"a card in {reader}");

    public static ReaderStateEntry UntilEmpty(PcscContext context, string reader, TimeSpan timeout) =>
        Until(context, reader, e => e.EventFlags.HasFlag(ReaderStateFlags.Empty), timeout, $"{reader} to be empty");
}
