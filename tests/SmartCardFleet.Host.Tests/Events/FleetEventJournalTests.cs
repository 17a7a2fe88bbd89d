using System.Text.Json.Nodes;
using SmartCardFleet.Abstractions.Text;
using SmartCardFleet.Host.Events;

namespace SmartCardFleet.Host.Tests.Events;

public sealed class FleetEventJournalTests
{
    [Fact]
    public void Events_get_increasing_ids_and_Since_returns_those_after_an_id()
    {
        var journal = new FleetEventJournal(capacity: 8);
        for (var i = 0; i < 5; i++)
        {
            journal.Append("T", "r", DateTimeOffset.UnixEpoch, new JsonObject());
        }

        Assert.Equal([3L, 4L, 5L], journal.Since(2).Select(e => e.Id));
        Assert.Equal(5, journal.Since(null).Count);
    }

    [Fact]
    public void The_ring_keeps_only_the_newest_events_when_full()
    {
        var journal = new FleetEventJournal(capacity: 4);
        for (var i = 0; i < 10; i++)
        {
            journal.Append("T", null, DateTimeOffset.UnixEpoch, new JsonObject());
        }

        Assert.Equal([7L, 8L, 9L, 10L], journal.Since(1).Select(e => e.Id));
    }

    [Fact]
    public void A_subscription_gets_the_backlog_then_live_events_without_a_gap()
    {
        var journal = new FleetEventJournal();
        journal.Append("old", null, DateTimeOffset.UnixEpoch, new JsonObject());
        using var subscription = journal.Subscribe(afterId: 0);
        journal.Append("new", null, DateTimeOffset.UnixEpoch, new JsonObject());

        Assert.Equal("old", Assert.Single(subscription.Backlog).Type);
        Assert.True(subscription.Live.TryRead(out var live));
        Assert.Equal(2, live.Id);
    }

    [Fact]
    public async Task A_subscriber_that_falls_behind_is_dropped_instead_of_buffering_without_bound()
    {
        var journal = new FleetEventJournal(capacity: 64, subscriberQueue: 2);
        using var slow = journal.Subscribe(null);
        for (var i = 0; i < 3; i++)
        {
            journal.Append("T", null, DateTimeOffset.UnixEpoch, new JsonObject());
        }

        Assert.Equal(0, journal.SubscriberCount);
        await Assert.ThrowsAsync<SlowSubscriberException>(async () =>
        {
            await foreach (var _ in slow.Live.ReadAllAsync())
            {
            }
        });
    }

    [Fact]
    public void The_ring_is_bounded_in_bytes_and_evicts_the_oldest_events_first()
    {
        var journal = new FleetEventJournal(capacity: 100, maxBytes: 4_096);
        for (var i = 0; i < 50; i++)
        {
            journal.Append("T", "r", DateTimeOffset.UnixEpoch, new JsonObject { ["text"] = new string('x', 500) });
        }

        var kept = journal.Since(null);
        Assert.InRange(journal.RetainedBytes, 1, 4_096);
        Assert.Equal(journal.RetainedBytes, kept.Sum(EventFieldBounds.Measure));
        Assert.InRange(kept.Count, 1, 49);
        Assert.Equal(journal.LastId, kept[^1].Id);
        Assert.Equal(Enumerable.Range(0, kept.Count).Select(i => kept[0].Id + i), kept.Select(e => e.Id));
    }

    [Fact]
    public void Every_string_field_of_an_event_is_capped_with_a_visible_marker()
    {
        var journal = new FleetEventJournal();

        var record = journal.Append("T", "r", DateTimeOffset.UnixEpoch, new JsonObject
        {
            ["detail"] = new string('d', 1_000_000),
            ["nested"] = new JsonObject { ["items"] = new JsonArray(new string('n', 1_000_000)) },
            ["short"] = "kept",
        });

        var detail = record.Data["detail"]!.GetValue<string>();
        Assert.Equal(Bounded.FieldLength, detail.IndexOf('…', StringComparison.Ordinal));
        Assert.EndsWith($"({1_000_000 - Bounded.FieldLength} more characters)", detail, StringComparison.Ordinal);
        Assert.InRange(record.Data["nested"]!["items"]![0]!.GetValue<string>().Length, 1, Bounded.FieldLength + 40);
        Assert.Equal("kept", record.Data["short"]!.GetValue<string>());
        Assert.InRange(EventFieldBounds.Measure(record), 1, 3 * Bounded.FieldLength);
    }

    [Fact]
    public void An_id_at_or_beyond_the_last_one_replays_nothing_even_at_the_largest_number()
    {
        var journal = new FleetEventJournal(capacity: 8);
        for (var i = 0; i < 5; i++)
        {
            journal.Append("T", null, DateTimeOffset.UnixEpoch, new JsonObject());
        }

        Assert.Empty(journal.Since(5));
        Assert.Empty(journal.Since(long.MaxValue));
        using var subscription = journal.Subscribe(long.MaxValue);
        Assert.Empty(subscription.Backlog);
    }

    [Fact]
    public void Ids_of_a_later_run_are_above_every_id_of_an_earlier_one_so_an_old_id_replays_the_new_ring()
    {
        var start = DateTimeOffset.Parse("2026-12-04T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var earlier = FleetEventJournal.ForRunStartedAt(start);
        for (var i = 0; i < 1_000; i++)
        {
            earlier.Append("T", null, start, new JsonObject());
        }

        var later = FleetEventJournal.ForRunStartedAt(start.AddSeconds(1));
        later.Append("T", null, start, new JsonObject());
        later.Append("T", null, start, new JsonObject());

        Assert.True(later.Since(null)[0].Id > earlier.LastId);
        Assert.Equal(2, later.Since(earlier.LastId).Count);
        Assert.True(later.LastId < 1L << 53, "ids stay exact as JavaScript numbers");
    }

    [Fact]
    public void A_dropped_subscriber_is_told_through_its_Dropped_token()
    {
        var journal = new FleetEventJournal(subscriberQueue: 1);
        using var slow = journal.Subscribe(null);

        journal.Append("T", null, DateTimeOffset.UnixEpoch, new JsonObject());
        Assert.False(slow.Dropped.IsCancellationRequested);
        journal.Append("T", null, DateTimeOffset.UnixEpoch, new JsonObject());

        Assert.True(slow.Dropped.IsCancellationRequested);
    }

    [Fact]
    public void Live_subscribers_are_bounded_and_a_place_frees_when_one_leaves()
    {
        var journal = new FleetEventJournal(maxSubscribers: 2);
        using var first = journal.TrySubscribe(null);
        var second = journal.TrySubscribe(null);

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Null(journal.TrySubscribe(null));
        Assert.Throws<InvalidOperationException>(() => journal.Subscribe(null));
        second!.Dispose();
        using var third = journal.TrySubscribe(null);
        Assert.NotNull(third);
    }
}
