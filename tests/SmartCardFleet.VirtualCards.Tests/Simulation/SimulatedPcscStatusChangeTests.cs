using SmartCardFleet.Pcsc;

namespace SmartCardFleet.VirtualCards.Tests.Simulation;

public class SimulatedPcscStatusChangeTests : SimulatedPcscTestBase
{
    private static readonly TimeSpan Forever = Timeout.InfiniteTimeSpan;

    [Fact]
    public void Unaware_returns_at_once_with_the_state_and_the_counter()
    {
        Reader.Insert(Card);

        var entry = Snapshot(NewContext());

        Assert.Equal(ReaderStateFlags.Present | ReaderStateFlags.Changed, entry.EventFlags);
        Assert.Equal(1, entry.EventCounter);
        Assert.Equal(Card.Atr, entry.Atr);
    }

    [Fact]
    public void A_zero_timeout_without_change_answers_Timeout()
    {
        var context = NewContext();
        var entry = Snapshot(context);
        entry.Acknowledge();

        Assert.Equal(PcscError.Timeout, Pcsc.GetStatusChange(context, TimeSpan.Zero, [entry]));
        Assert.Equal(ReaderStateFlags.Empty, entry.EventFlags);
    }

    [Fact]
    public void A_short_timeout_without_change_answers_Timeout()
    {
        var context = NewContext();
        var entry = Snapshot(context);
        entry.Acknowledge();

        Assert.Equal(PcscError.Timeout, Pcsc.GetStatusChange(context, TimeSpan.FromMilliseconds(20), [entry]));
    }

    [Fact]
    public async Task A_blocked_wait_returns_when_a_card_is_inserted()
    {
        var context = NewContext();
        var entry = Snapshot(context);
        entry.Acknowledge();

        var result = await WaitBlockedThen(() => Pcsc.GetStatusChange(context, Forever, [entry]), () => Reader.Insert(Card));

        Assert.Equal(PcscError.Success, result);
        Assert.Equal(ReaderStateFlags.Present | ReaderStateFlags.Changed, entry.EventFlags);
        Assert.Equal(1, entry.EventCounter);
    }

    [Fact]
    public void Insert_and_remove_between_two_waits_moves_the_counter_by_two_although_the_reader_is_empty_again()
    {
        var context = NewContext();
        var entry = Snapshot(context);
        entry.Acknowledge();

        Reader.Insert(Card);
        Reader.Remove();

        Assert.Equal(PcscError.Success, Pcsc.GetStatusChange(context, TimeSpan.Zero, [entry]));
        Assert.Equal(ReaderStateFlags.Empty | ReaderStateFlags.Changed, entry.EventFlags);
        Assert.Equal(2, entry.EventCounter);
        Assert.Equal(2, Reader.EventCounter);
    }

    [Fact]
    public void The_event_counter_wraps_at_0xFFFF()
    {
        for (int i = 0; i < 0x8000; i++)
        {
            Reader.Insert(Card);
            Reader.Remove();
        }

        Reader.Insert(Card);

        Assert.Equal(1, Reader.EventCounter);
        Assert.Equal(1, Snapshot(NewContext()).EventCounter);
    }

    [Fact]
    public async Task Cancel_from_another_thread_ends_the_wait_with_Cancelled()
    {
        var context = NewContext();
        var entry = Snapshot(context);
        entry.Acknowledge();

        var result = await WaitBlockedThen(() => Pcsc.GetStatusChange(context, Forever, [entry]),
            () => Assert.Equal(PcscError.Success, Pcsc.Cancel(context)));

        Assert.Equal(PcscError.Cancelled, result);
    }

    [Fact]
    public async Task Cancel_on_another_context_does_not_end_the_wait()
    {
        var context = NewContext();
        var other = NewContext();
        var entry = Snapshot(context);
        entry.Acknowledge();

        var result = await WaitBlockedThen(() => Pcsc.GetStatusChange(context, Forever, [entry]), () =>
        {
            Pcsc.Cancel(other);
            Reader.Insert(Card);
        });

        Assert.Equal(PcscError.Success, result);
    }

    [Fact]
    public async Task StopService_wakes_a_blocked_wait_with_NoService()
    {
        var context = NewContext();
        var entry = Snapshot(context);
        entry.Acknowledge();

        var result = await WaitBlockedThen(() => Pcsc.GetStatusChange(context, Forever, [entry]), Pcsc.StopService);

        Assert.Equal(PcscError.NoService, result);
    }

    [Fact]
    public async Task Adding_a_reader_wakes_a_wait_on_the_PnP_entry_and_the_counter_moves()
    {
        var context = NewContext();
        var pnp = new ReaderStateEntry(ReaderStateEntry.PnpNotification);
        Assert.Equal(PcscError.Timeout, Pcsc.GetStatusChange(context, TimeSpan.Zero, [pnp]));
        pnp.Acknowledge();

        var result = await WaitBlockedThen(() => Pcsc.GetStatusChange(context, Forever, [pnp]), () => Pcsc.AddReader("New"));

        Assert.Equal(PcscError.Success, result);
        Assert.Equal(ReaderStateFlags.Changed, pnp.EventFlags);
        Assert.Equal(pnp.CurrentCounter + 1, pnp.EventCounter);
    }

    [Fact]
    public async Task A_reader_removed_during_a_wait_reports_Unknown_Unavailable_Changed_and_the_next_call_UnknownReader()
    {
        var context = NewContext();
        var entry = Snapshot(context);
        entry.Acknowledge();

        var result = await WaitBlockedThen(() => Pcsc.GetStatusChange(context, Forever, [entry]), () => Pcsc.RemoveReader(ReaderName));

        Assert.Equal(PcscError.Success, result);
        Assert.Equal(ReaderStateFlags.Unknown | ReaderStateFlags.Unavailable | ReaderStateFlags.Changed, entry.EventFlags);
        entry.Acknowledge();
        Assert.Equal(PcscError.UnknownReader, Pcsc.GetStatusChange(context, TimeSpan.Zero, [entry]));
    }

    [Fact]
    public void An_unknown_reader_aborts_the_whole_call()
    {
        Reader.Insert(Card);
        var context = NewContext();
        var known = new ReaderStateEntry(ReaderName);

        var result = Pcsc.GetStatusChange(context, TimeSpan.Zero, [known, new ReaderStateEntry("Not There")]);

        Assert.Equal(PcscError.UnknownReader, result);
        Assert.Equal(0u, known.EventState);
    }

    [Fact]
    public void An_own_connection_shows_InUse_and_an_exclusive_one_Exclusive()
    {
        Reader.Insert(Card);
        var monitor = NewContext();
        var entry = Snapshot(monitor);
        entry.Acknowledge();
        var card = Connect(NewContext());

        Assert.Equal(PcscError.Success, Pcsc.GetStatusChange(monitor, TimeSpan.Zero, [entry]));
        Assert.Equal(ReaderStateFlags.Present | ReaderStateFlags.InUse | ReaderStateFlags.Changed, entry.EventFlags);

        Pcsc.Disconnect(card, CardDisposition.Leave);
        Connect(NewContext(), ShareMode.Exclusive);
        entry.Acknowledge();
        Assert.Equal(PcscError.Success, Pcsc.GetStatusChange(monitor, TimeSpan.Zero, [entry]));
        Assert.Equal(ReaderStateFlags.Present | ReaderStateFlags.Exclusive | ReaderStateFlags.Changed, entry.EventFlags);
    }

    [Fact]
    public void A_mute_card_is_reported_Present_and_Mute_without_ATR()
    {
        Card.Faults.Mute = true;
        Reader.Insert(Card);

        var entry = Snapshot(NewContext());

        Assert.Equal(ReaderStateFlags.Present | ReaderStateFlags.Mute | ReaderStateFlags.Changed, entry.EventFlags);
        Assert.Empty(entry.Atr);
    }

    [Fact]
    public void Ignored_entries_and_an_empty_array_return_at_once()
    {
        var context = NewContext();

        Assert.Equal(PcscError.Success, Pcsc.GetStatusChange(context, Forever, []));
        Assert.Equal(PcscError.Success, Pcsc.GetStatusChange(context, Forever,
            [new ReaderStateEntry("Not There", (uint)ReaderStateFlags.Ignore)]));
    }

    [Fact]
    public async Task A_second_wait_on_a_context_that_is_already_waiting_is_refused()
    {
        var context = NewContext();
        var entry = Snapshot(context);
        entry.Acknowledge();

        var result = await WaitBlockedThen(() => Pcsc.GetStatusChange(context, Forever, [entry]), () =>
        {
            var second = new ReaderStateEntry(ReaderName, entry.CurrentState);
            Assert.Equal(PcscError.InvalidParameter, Pcsc.GetStatusChange(context, TimeSpan.Zero, [second]));
            Pcsc.Cancel(context);
        });

        Assert.Equal(PcscError.Cancelled, result);
    }

    [Fact]
    public async Task A_monitor_that_feeds_back_the_event_state_sees_every_insertion_and_removal_made_from_another_thread()
    {
        const int events = 400;
        var context = NewContext();
        var monitor = OnOwnThread(() =>
        {
            var entry = new ReaderStateEntry(ReaderName);
            while (entry.EventCounter < events)
            {
                var error = Pcsc.GetStatusChange(context, Forever, [entry]);
                if (error != PcscError.Success)
                {
                    return error;
                }

                entry.Acknowledge();
            }

            return PcscError.Success;
        });

        await Within(OnOwnThread(() =>
        {
            for (int i = 0; i < events / 2; i++)
            {
                Reader.Insert(Card);
                Reader.Remove();
            }

            return Reader.EventCounter;
        }));

        Assert.Equal(PcscError.Success, await Within(monitor));
        Assert.Equal(events, Reader.EventCounter);
    }

    [Fact]
    public async Task Many_readers_each_with_its_own_waiting_context_wake_only_for_their_own_reader()
    {
        var names = Enumerable.Range(1, 50).Select(i => $"Fleet {i:D2}").ToList();
        names.ForEach(n => Pcsc.AddReader(n));
        var waits = names.Select(name =>
        {
            var context = NewContext();
            var entry = new ReaderStateEntry(name);
            Pcsc.GetStatusChange(context, TimeSpan.Zero, [entry]);
            entry.Acknowledge();
            return (name, entry, task: OnOwnThread(() => Pcsc.GetStatusChange(context, Forever, [entry])));
        }).ToList();
        await Eventually.True(() => Pcsc.BlockedStatusWaits == names.Count, "every wait is blocked");

        Pcsc.GetReader("Fleet 07").Insert(Card);

        Assert.Equal(PcscError.Success, await Within(waits[6].task));
        Assert.Equal(names.Count - 1, Pcsc.BlockedStatusWaits);
        Pcsc.StopService();
        Assert.All(await Within(Task.WhenAll(waits.Select(w => w.task).Where((_, i) => i != 6))),
            r => Assert.Equal(PcscError.NoService, r));
    }
}
