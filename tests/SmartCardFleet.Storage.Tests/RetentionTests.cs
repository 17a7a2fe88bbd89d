using SmartCardFleet.Core.Tests.Support;
using SmartCardFleet.Storage.Audit;
using SmartCardFleet.Storage.Tests.Support;

namespace SmartCardFleet.Storage.Tests;

public sealed class RetentionTests
{
    /// <summary>The periodic run is beyond every clock move of these specs: only the spec's own PruneAsync calls prune
    /// after the run at start, so the counts they return are exact.</summary>
    private static readonly StorageRetention Bounds = StorageRetention.Default with
    {
        AuditRetentionDays = 30, EventWindow = TimeSpan.FromHours(24), PruneInterval = TimeSpan.FromDays(40),
    };

    [Theory]
    [MemberData(nameof(Engines.Both), MemberType = typeof(Engines))]
    public async Task Audit_records_older_than_the_retention_days_go_and_other_nodes_records_stay(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new ManualTimeProvider();
        var storage = await database.StartedAsync(retention: Bounds, time: clock);
        var other = await database.StartedAsync("station-b", Bounds, clock);
        var now = clock.GetUtcNow();
        storage.Journal.Record(Entries.Audit(1, time: now.AddDays(-31)));
        storage.Journal.Record(Entries.Audit(2, time: now.AddDays(-29)));
        other.Journal.Record(Entries.Audit(3, time: now.AddDays(-31), station: "station-b"));
        await storage.FlushedAsync();
        await other.FlushedAsync();

        Assert.Equal((1, 0), await storage.PruneAsync(CancellationToken.None));
        Assert.Equal((int[])[2, 3], await Remaining(storage));

        clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal((1, 0), await storage.PruneAsync(CancellationToken.None));
        Assert.Equal((int[])[3], await Remaining(storage));
    }

    [Theory]
    [MemberData(nameof(Engines.Both), MemberType = typeof(Engines))]
    public async Task Only_the_newest_max_rows_of_the_station_are_kept(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new ManualTimeProvider();
        var storage = await database.StartedAsync(retention: Bounds with { AuditMaxRows = 3 }, time: clock);
        var other = await database.StartedAsync("station-b", Bounds, clock);
        for (var n = 1; n <= 6; n++)
        {
            storage.Journal.Record(Entries.Audit(n, time: clock.GetUtcNow()));
        }

        other.Journal.Record(Entries.Audit(7, time: clock.GetUtcNow(), station: "station-b"));
        await storage.FlushedAsync();
        await other.FlushedAsync();

        Assert.Equal((3, 0), await storage.PruneAsync(CancellationToken.None));
        Assert.Equal((int[])[4, 5, 6, 7], await Remaining(storage));
        Assert.Equal((0, 0), await storage.PruneAsync(CancellationToken.None));
    }

    /// <summary>A console records the requests it routed to station-b with station = station-b: those rows are the
    /// console's to prune by its bounds, and station-b's bounds count only what station-b recorded itself.</summary>
    [Theory]
    [MemberData(nameof(Engines.Both), MemberType = typeof(Engines))]
    public async Task Audit_retention_counts_the_rows_a_node_recorded_not_the_station_a_request_ran_on(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new ManualTimeProvider();
        var console = await database.StartedAsync("console-1", Bounds with { AuditMaxRows = 3 }, clock);
        var station = await database.StartedAsync("station-b", Bounds with { AuditMaxRows = 1 }, clock);
        for (var n = 1; n <= 6; n++)
        {
            console.Journal.Record(Entries.Audit(n, time: clock.GetUtcNow(), station: "station-b"));
        }

        station.Journal.Record(Entries.Audit(7, time: clock.GetUtcNow(), station: "station-b"));
        await console.FlushedAsync();
        await station.FlushedAsync();

        Assert.Equal((0, 0), await station.PruneAsync(CancellationToken.None));
        Assert.Equal((int[])[1, 2, 3, 4, 5, 6, 7], await Remaining(station));
        Assert.Equal((3, 0), await console.PruneAsync(CancellationToken.None));
        Assert.Equal((int[])[4, 5, 6, 7], await Remaining(console));
    }

    [Theory]
    [MemberData(nameof(Engines.Both), MemberType = typeof(Engines))]
    public async Task Events_older_than_the_window_or_beyond_the_max_rows_go(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new ManualTimeProvider();
        var storage = await database.StartedAsync(retention: Bounds with { EventMaxRows = 3 }, time: clock);
        var now = clock.GetUtcNow();
        storage.Events.Append(Entries.Event(1, now.AddHours(-25)));
        for (var id = 2; id <= 6; id++)
        {
            storage.Events.Append(Entries.Event(id, now.AddHours(-1)));
        }

        await storage.FlushedAsync();

        Assert.Equal((0, 3), await storage.PruneAsync(CancellationToken.None));
        var left = await storage.Events.ReadAfterAsync(0, 100, CancellationToken.None);
        Assert.Equal([4, 5, 6], left.Select(e => e.Id));

        clock.Advance(TimeSpan.FromHours(23.5));
        Assert.Equal((0, 3), await storage.PruneAsync(CancellationToken.None));
        Assert.Empty(await storage.Events.ReadAfterAsync(0, 100, CancellationToken.None));
    }

    private static async Task<int[]> Remaining(FleetStorage storage)
    {
        var page = await storage.AuditReader.QueryAsync(new AuditFilter(), null, 100, CancellationToken.None);
        return [.. page.Records.Select(r => int.Parse(r.Entry.CardUid![3..], System.Globalization.CultureInfo.InvariantCulture)).Order()];
    }
}
