using SmartCardFleet.Storage.Tests.Support;

namespace SmartCardFleet.Storage.Tests;

public sealed class EventWindowTests
{
    [Theory]
    [MemberData(nameof(Engines.Both), MemberType = typeof(Engines))]
    public async Task Events_are_read_back_after_an_id_oldest_first_and_bounded(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var storage = await database.StartedAsync();
        var appended = Enumerable.Range(1, 20).Select(id => Entries.Event(id)).ToList();
        Assert.All(appended, e => Assert.True(storage.Events.Append(e)));
        await storage.FlushedAsync();

        Assert.Equal(appended.Skip(5), await storage.Events.ReadAfterAsync(5, 100, CancellationToken.None));
        Assert.Equal(appended.Skip(5).Take(3), await storage.Events.ReadAfterAsync(5, 3, CancellationToken.None));
        Assert.Empty(await storage.Events.ReadAfterAsync(20, 100, CancellationToken.None));
        Assert.Equal(20, await storage.Events.LastIdAsync(CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => storage.Events.ReadAfterAsync(0, 0, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Engines.Both), MemberType = typeof(Engines))]
    public async Task Stations_sharing_a_database_each_read_their_own_events_with_the_same_ids(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var a = await database.StartedAsync("station-a");
        var b = await database.StartedAsync("station-b");
        a.Events.Append(Entries.Event(1, type: "a.first"));
        a.Events.Append(Entries.Event(2, type: "a.second"));
        b.Events.Append(Entries.Event(1, type: "b.first"));
        await a.FlushedAsync();
        await b.FlushedAsync();

        Assert.Equal(["a.first", "a.second"], (await a.Events.ReadAfterAsync(0, 10, CancellationToken.None)).Select(e => e.Type));
        Assert.Equal(["b.first"], (await b.Events.ReadAfterAsync(0, 10, CancellationToken.None)).Select(e => e.Type));
        Assert.Equal(2, await a.Events.LastIdAsync(CancellationToken.None));
        Assert.Equal(1, await b.Events.LastIdAsync(CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Engines.Both), MemberType = typeof(Engines))]
    public async Task An_event_written_twice_is_kept_once(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var storage = await database.StartedAsync();
        storage.Events.Append(Entries.Event(7));
        await storage.FlushedAsync();
        storage.Events.Append(Entries.Event(7));
        await storage.FlushedAsync();

        Assert.Single(await storage.Events.ReadAfterAsync(0, 10, CancellationToken.None));
        Assert.True(storage.Health.Status.IsHealthy);
    }
}
