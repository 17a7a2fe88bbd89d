using Akka.Actor;
using Akka.TestKit;
using SmartCardFleet.Core.Monitoring;
using SmartCardFleet.Core.Tests.Support;
using SmartCardFleet.Pcsc;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using Xunit.Abstractions;

namespace SmartCardFleet.Core.Tests.Monitoring;

public sealed class CardMonitorSpecs(ITestOutputHelper output) : FleetSpec(output)
{
    private const string ListingsPolled = "listings polled";

    private readonly List<CardMonitor> _monitors = [];

    [Fact]
    public void A_card_present_before_the_monitor_starts_is_reported_on_the_first_pass()
    {
        var card = new StorageCard();
        Pcsc.AddReader("Reader A 00 00").Insert(card);

        var probe = StartMonitor();

        Assert.Equal(["Reader A 00 00"], probe.ExpectMsg<ReadersListed>(Wait).ReaderNames);
        var seen = probe.ExpectMsg<CardSeen>(Wait);
        Assert.Equal("Reader A 00 00", seen.ReaderName);
        Assert.Equal(card.Atr, seen.Atr);
    }

    [Fact]
    public void Insertions_removals_and_reader_arrivals_are_reported_in_order()
    {
        var reader = Pcsc.AddReader("Reader A 00 00");
        var probe = StartMonitor();
        probe.ExpectMsg<ReadersListed>(Wait);

        reader.Insert(new StorageCard());
        probe.ExpectMsg<CardSeen>(Wait);
        reader.Remove();
        probe.ExpectMsg<CardGoneSeen>(Wait);
        Pcsc.AddReader("Reader B 00 01");

        Assert.Equal(["Reader A 00 00", "Reader B 00 01"], probe.ExpectMsg<ReadersListed>(Wait).ReaderNames.Order());
    }

    [Fact]
    public void An_insert_and_remove_pair_between_two_waits_is_reported_as_removed_then_inserted()
    {
        var reader = Pcsc.AddReader("Reader A 00 00");
        reader.Insert(new StorageCard([1, 1, 1, 1]));
        var probe = StartMonitor();
        probe.ExpectMsg<ReadersListed>(Wait);
        var first = probe.ExpectMsg<CardSeen>(Wait);

        // Swap faster than one wait cycle: PRESENT stays, only the event counter shows it.
        SwapCardAtomically(reader);

        var gone = probe.ExpectMsg<CardGoneSeen>(Wait);
        var again = probe.ExpectMsg<CardSeen>(Wait);
        Assert.True(again.Counter != first.Counter, "the counter must move for a swapped card");
        Assert.True(gone.Counter != first.Counter, "the removal must carry the moved counter");
    }

    [Fact]
    public void When_a_reader_is_unplugged_the_monitor_relists_and_keeps_running()
    {
        Pcsc.AddReader("Reader A 00 00");
        var b = Pcsc.AddReader("Reader B 00 01");
        var probe = StartMonitor();
        probe.ExpectMsg<ReadersListed>(Wait);

        Pcsc.RemoveReader("Reader A 00 00");
        Assert.Equal(["Reader B 00 01"], probe.FishForMessage<ReadersListed>(l => l.ReaderNames.Count == 1, Wait).ReaderNames);
        b.Insert(new StorageCard());

        Assert.Equal("Reader B 00 01", probe.FishForMessage<CardSeen>(_ => true, Wait).ReaderName);
    }

    [Fact]
    public void When_the_service_goes_away_the_monitor_reports_it_and_ends_releasing_its_context()
    {
        Pcsc.AddReader("Reader A 00 00");
        var probe = StartMonitor();
        probe.ExpectMsg<ReadersListed>(Wait);

        Pcsc.StopService();

        probe.FishForMessage<MonitorLostService>(_ => true, Wait);
        AwaitAssert(() => Assert.False(_monitors[0].IsRunning), Wait);
    }

    [Fact]
    public void Stopping_cancels_the_blocking_wait_joins_the_thread_and_releases_the_context()
    {
        Pcsc.AddReader("Reader A 00 00");
        var contextsBefore = Pcsc.OpenContextCount;
        var probe = StartMonitor();
        probe.ExpectMsg<ReadersListed>(Wait);
        Assert.Equal(contextsBefore + 1, Pcsc.OpenContextCount);

        Assert.True(_monitors[0].Stop(TimeSpan.FromSeconds(5)));

        Assert.Equal(contextsBefore, Pcsc.OpenContextCount);
        Assert.False(_monitors[0].IsRunning);
    }

    [Fact]
    public void Stopping_at_any_point_of_the_loop_ends_the_thread_even_when_the_cancel_comes_before_the_wait()
    {
        Pcsc.AddReader("Reader A 00 00");
        for (var i = 0; i < 20; i++)
        {
            var probe = StartMonitor();
            if (i % 2 == 0)
            {
                probe.ExpectMsg<ReadersListed>(Wait);
            }

            var monitor = _monitors[^1];
            Assert.True(monitor.Stop(TimeSpan.FromSeconds(5)), $"monitor {i} did not stop");
            Assert.False(monitor.IsRunning);
        }

        Assert.Equal(0, Pcsc.OpenContextCount);
    }

    [Fact]
    public void Without_PnP_notification_the_monitor_polls_the_reader_list_and_still_sees_new_readers()
    {
        var withoutPnp = new FaultInjectingPcsc(Pcsc) { HidePnp = true };
        var probe = StartMonitor(withoutPnp);
        Assert.Empty(probe.ExpectMsg<ReadersListed>(Wait).ReaderNames);

        Pcsc.AddReader("Reader A 00 00").Insert(new StorageCard());

        Assert.Equal(["Reader A 00 00"], probe.FishForMessage<ReadersListed>(l => l.ReaderNames.Count == 1, Wait).ReaderNames);
        Assert.Equal("Reader A 00 00", probe.FishForMessage<CardSeen>(_ => true, Wait).ReaderName);
    }

    [Fact]
    public void With_the_PnP_entry_left_out_card_events_do_not_each_cost_a_reader_listing()
    {
        // 16 readers fill pcsc-lite's wait array, so PnP is left out and the list is polled; the poll is timed (here
        // once an hour), not repeated after every card event as before (a listing per event at 10,000 readers).
        var readers = Enumerable.Range(0, 16).Select(i => Pcsc.AddReader($"Reader {i:D2} 00 00")).ToList();
        var probe = StartMonitor(pollInterval: TimeSpan.FromHours(1));
        Assert.Equal(16, probe.ExpectMsg<ReadersListed>(Wait).ReaderNames.Count);

        foreach (var reader in readers)
        {
            reader.Insert(new StorageCard());
            Assert.Equal(reader.Name, probe.ExpectMsg<CardSeen>(Wait).ReaderName);
            reader.Remove();
            Assert.Equal(reader.Name, probe.ExpectMsg<CardGoneSeen>(Wait).ReaderName);
        }
    }

    [Fact]
    public void A_polled_reader_list_that_did_not_change_is_not_reported_again()
    {
        // Without PnP the list is polled every 100 ms here; an idle station must not wake its manager for each poll.
        var withoutPnp = new FaultInjectingPcsc(Pcsc) { HidePnp = true };
        var reader = Pcsc.AddReader("Reader A 00 00");
        var probe = StartMonitor(withoutPnp);
        Assert.Equal(["Reader A 00 00"], probe.ExpectMsg<ReadersListed>(Wait).ReaderNames);

        // Once the monitor thread has started its 4th listing, listings 2 and 3 (unchanged) have already told the
        // probe whatever they were going to: a marker told after that arrives behind it, so it must come first.
        AwaitCondition(() => withoutPnp.ListReadersCalls >= 4, Wait);
        probe.Ref.Tell(ListingsPolled, ActorRefs.NoSender);
        probe.ExpectMsg(ListingsPolled, Wait);

        reader.Insert(new StorageCard());
        Assert.Equal("Reader A 00 00", probe.ExpectMsg<CardSeen>(Wait).ReaderName);
        Pcsc.AddReader("Reader B 00 01");
        Assert.Equal(2, probe.ExpectMsg<ReadersListed>(Wait).ReaderNames.Count);
    }

    protected override void Dispose(bool disposing)
    {
        foreach (var monitor in _monitors)
        {
            monitor.Dispose();
        }

        base.Dispose(disposing);
    }

    private TestProbe StartMonitor(IPcscApi? api = null, TimeSpan? pollInterval = null)
    {
        var probe = CreateTestProbe();
        var monitor = new CardMonitor(api ?? Pcsc, message => probe.Ref.Tell(message, ActorRefs.NoSender), 1, PcscScope.System,
            pollInterval ?? TimeSpan.FromMilliseconds(100));
        _monitors.Add(monitor);
        monitor.Start();
        return probe;
    }

    private static void SwapCardAtomically(VirtualCards.Simulation.SimulatedReader reader)
    {
        reader.Remove();
        reader.Insert(new StorageCard([2, 2, 2, 2]));
    }
}
