using SmartCardFleet.Pcsc;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using SmartCardFleet.VirtualCards.Simulation;

namespace SmartCardFleet.VirtualCards.Tests.Simulation;

/// <summary>Waits over many readers (a station monitor at scale): the waiter registers once for every reader event and
/// the service reuses the entries' name lookups between waits, and neither may change what a wait answers.</summary>
public class SimulatedPcscLargeWaitTests : SimulatedPcscTestBase
{
    private const int Readers = 200;

    private readonly List<ReaderStateEntry> _entries;

    public SimulatedPcscLargeWaitTests()
    {
        var names = Enumerable.Range(1, Readers - 1).Select(i => $"Large Reader {i:D3} 00 00").ToList();
        foreach (var name in names)
        {
            Pcsc.AddReader(name);
        }

        _entries = [new ReaderStateEntry(ReaderName), .. names.Select(n => new ReaderStateEntry(n))];
    }

    [Fact]
    public async Task A_blocked_wait_over_many_readers_returns_with_exactly_the_reader_that_changed()
    {
        var context = AcknowledgedContext();
        var target = Pcsc.GetReader("Large Reader 150 00 00");

        var result = await WaitBlockedThen(() => Pcsc.GetStatusChange(context, Timeout.InfiniteTimeSpan, _entries), () => target.Insert(new StorageCard()));

        Assert.Equal(PcscError.Success, result);
        var changed = Assert.Single(_entries, e => e.EventFlags.HasFlag(ReaderStateFlags.Changed));
        Assert.Equal(target.Name, changed.ReaderName);
        Assert.True(changed.EventFlags.HasFlag(ReaderStateFlags.Present));
    }

    [Fact]
    public async Task Repeated_waits_with_the_same_entries_keep_reporting_each_event()
    {
        var context = AcknowledgedContext();
        foreach (var index in new[] { 3, 77, 150, 3 })
        {
            var reader = Pcsc.GetReader($"Large Reader {index:D3} 00 00");
            var result = await WaitBlockedThen(() => Pcsc.GetStatusChange(context, Timeout.InfiniteTimeSpan, _entries),
                () => ToggleCard(reader));

            Assert.Equal(PcscError.Success, result);
            Assert.Equal(reader.Name, Assert.Single(_entries, e => e.EventFlags.HasFlag(ReaderStateFlags.Changed)).ReaderName);
            _entries.ForEach(e => e.Acknowledge());
        }
    }

    [Fact]
    public void A_reader_unplugged_between_two_waits_with_the_same_entries_is_seen_by_the_next_one()
    {
        var context = AcknowledgedContext();

        Pcsc.RemoveReader("Large Reader 042 00 00");

        Assert.Equal(PcscError.UnknownReader, Pcsc.GetStatusChange(context, TimeSpan.Zero, _entries));
    }

    [Fact]
    public async Task A_wait_woken_by_a_reader_it_does_not_watch_keeps_waiting_until_its_own_reader_changes()
    {
        var context = AcknowledgedContext();
        var watched = _entries.Take(100).ToList();
        var outsider = Pcsc.GetReader("Large Reader 180 00 00");
        var own = Pcsc.GetReader("Large Reader 050 00 00");
        var before = Pcsc.BlockedStatusWaits;
        var pending = OnOwnThread(() => Pcsc.GetStatusChange(context, Timeout.InfiniteTimeSpan, watched));
        await Eventually.True(() => Pcsc.BlockedStatusWaits > before, "the wait is blocked");

        outsider.Insert(new StorageCard());
        // Proves the wait is still blocked after the outsider's event was delivered: a zero-timeout wait on another
        // context sees the outsider's card, while the first wait has not returned.
        var probe = NewContext();
        var outsiderEntry = new ReaderStateEntry(outsider.Name);
        Assert.Equal(PcscError.Success, Pcsc.GetStatusChange(probe, TimeSpan.Zero, [outsiderEntry]));
        Assert.True(outsiderEntry.EventFlags.HasFlag(ReaderStateFlags.Present));
        Assert.False(pending.IsCompleted);

        own.Insert(new StorageCard());

        Assert.Equal(PcscError.Success, await Within(pending));
        Assert.Equal(own.Name, Assert.Single(watched, e => e.EventFlags.HasFlag(ReaderStateFlags.Changed)).ReaderName);
    }

    private nint AcknowledgedContext()
    {
        var context = NewContext();
        Assert.Equal(PcscError.Success, Pcsc.GetStatusChange(context, TimeSpan.Zero, _entries));
        _entries.ForEach(e => e.Acknowledge());
        return context;
    }

    private static void ToggleCard(SimulatedReader reader)
    {
        if (reader.Card is null)
        {
            reader.Insert(new StorageCard());
        }
        else
        {
            reader.Remove();
        }
    }
}
