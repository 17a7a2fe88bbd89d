using System.Text.Json.Nodes;
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
}
