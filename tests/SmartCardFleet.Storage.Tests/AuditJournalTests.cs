using SmartCardFleet.Storage.Audit;
using SmartCardFleet.Storage.Tests.Support;

namespace SmartCardFleet.Storage.Tests;

public sealed class AuditJournalTests
{
    [Theory]
    [MemberData(nameof(Engines.Both), MemberType = typeof(Engines))]
    public async Task An_entry_is_stored_with_every_field_as_given(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var storage = await database.StartedAsync();
        var full = new AuditEntry(Entries.Start.AddTicks(1_234_560), "station-a", "reader-9", "3B00", "04A1B2", "bob", "plugin.operation",
            "{\"pin\":\"***\"}", AuditOutcome.Failed, 409, "card removed");
        var sparse = new AuditEntry(Entries.Start, "station-a", null, null, null, "local", "plugin.reload", null, AuditOutcome.Refused, 0, null);

        Assert.True(storage.Journal.Record(full));
        Assert.True(storage.Journal.Record(sparse));
        await storage.FlushedAsync();

        var page = await storage.AuditReader.QueryAsync(new AuditFilter(), null, 10, CancellationToken.None);
        Assert.Equal([sparse, full], page.Records.Select(r => r.Entry));
        Assert.True(page.Records[0].Id > page.Records[1].Id);
        Assert.Null(page.NextBefore);
    }

    [Theory]
    [MemberData(nameof(Engines.Both), MemberType = typeof(Engines))]
    public async Task A_text_with_a_NUL_character_is_stored_with_a_replacement_character_on_both_engines(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var storage = await database.StartedAsync();

        storage.Journal.Record(Entries.Audit(1) with { Detail = "a\0b" });
        await storage.FlushedAsync();

        var stored = Assert.Single((await storage.AuditReader.QueryAsync(new AuditFilter(), null, 10, CancellationToken.None)).Records);
        Assert.Equal("a\uFFFDb", stored.Entry.Detail);
        Assert.True(storage.Health.Status.IsHealthy);
    }

    [Theory]
    [MemberData(nameof(Engines.Both), MemberType = typeof(Engines))]
    public async Task Every_filter_selects_exactly_the_matching_records_and_they_combine(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var storage = await database.StartedAsync();
        AuditEntry[] entries =
        [
            Entries.Audit(0),
            Entries.Audit(1, station: "station-b"),
            Entries.Audit(2, reader: "reader-2"),
            Entries.Audit(3, who: "bob"),
            Entries.Audit(4, action: "job.create", reader: null),
            Entries.Audit(5, outcome: AuditOutcome.Failed),
            Entries.Audit(6, who: "bob", outcome: AuditOutcome.Refused),
        ];
        foreach (var entry in entries)
        {
            Assert.True(storage.Journal.Record(entry));
        }

        await storage.FlushedAsync();

        async Task<int[]> Matching(AuditFilter filter)
        {
            var page = await storage.AuditReader.QueryAsync(filter, null, 100, CancellationToken.None);
            return [.. page.Records.Select(r => (int)(r.Entry.Time - Entries.Start).TotalSeconds).Order()];
        }

        Assert.Equal((int[])[0, 1, 2, 3, 4, 5, 6], await Matching(new AuditFilter()));
        Assert.Equal((int[])[2, 3, 4], await Matching(new AuditFilter(From: Entries.Start.AddSeconds(2), To: Entries.Start.AddSeconds(5))));
        Assert.Equal((int[])[1], await Matching(new AuditFilter(Station: "station-b")));
        Assert.Equal((int[])[2], await Matching(new AuditFilter(Reader: "reader-2")));
        Assert.Equal((int[])[3, 6], await Matching(new AuditFilter(Who: "bob")));
        Assert.Equal((int[])[4], await Matching(new AuditFilter(Action: "job.create")));
        Assert.Equal((int[])[5], await Matching(new AuditFilter(Outcome: AuditOutcome.Failed)));
        Assert.Equal((int[])[6], await Matching(new AuditFilter(Who: "bob", Outcome: AuditOutcome.Refused)));
        Assert.Equal((int[])[], await Matching(new AuditFilter(Who: "bob", Station: "station-b")));
    }

    [Theory]
    [MemberData(nameof(Engines.Both), MemberType = typeof(Engines))]
    public async Task Pages_go_newest_first_below_the_cursor_until_the_last_page(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var storage = await database.StartedAsync();
        for (var n = 0; n < 25; n++)
        {
            storage.Journal.Record(Entries.Audit(n, who: n % 2 == 0 ? "alice" : "bob"));
        }

        await storage.FlushedAsync();

        var seen = new List<AuditRecord>();
        long? before = null;
        var pages = 0;
        do
        {
            var page = await storage.AuditReader.QueryAsync(new AuditFilter(Who: "alice"), before, 5, CancellationToken.None);
            seen.AddRange(page.Records);
            before = page.NextBefore;
            pages++;
        }
        while (before is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 13).Select(i => 24 - (2 * i)), seen.Select(r => (int)(r.Entry.Time - Entries.Start).TotalSeconds));
        Assert.Equal(seen.Select(r => r.Id).OrderDescending(), seen.Select(r => r.Id));
    }

    [Theory]
    [MemberData(nameof(Engines.Both), MemberType = typeof(Engines))]
    public async Task A_page_holds_at_most_a_thousand_records_and_a_limit_below_one_is_refused(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var storage = await database.StartedAsync();
        for (var n = 0; n < 1_003; n++)
        {
            storage.Journal.Record(Entries.Audit(n));
        }

        await storage.FlushedAsync();

        var page = await storage.AuditReader.QueryAsync(new AuditFilter(), null, 5_000, CancellationToken.None);
        Assert.Equal(1_000, page.Records.Count);
        Assert.Equal(page.Records[^1].Id, page.NextBefore);
        var rest = await storage.AuditReader.QueryAsync(new AuditFilter(), page.NextBefore, 5_000, CancellationToken.None);
        Assert.Equal(3, rest.Records.Count);
        Assert.Null(rest.NextBefore);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => storage.AuditReader.QueryAsync(new AuditFilter(), null, 0, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Engines.Both), MemberType = typeof(Engines))]
    public async Task The_export_streams_the_matching_records_oldest_first_up_to_its_bound(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var storage = await database.StartedAsync();
        for (var n = 0; n < 30; n++)
        {
            storage.Journal.Record(Entries.Audit(n, action: n % 3 == 0 ? "job.create" : "reader.transmit"));
        }

        await storage.FlushedAsync();

        var all = await storage.AuditReader.ExportAsync(new AuditFilter(Action: "job.create"), 100, CancellationToken.None).ToListAsync();
        var bounded = await storage.AuditReader.ExportAsync(new AuditFilter(Action: "job.create"), 4, CancellationToken.None).ToListAsync();

        Assert.Equal([0, 3, 6, 9, 12, 15, 18, 21, 24, 27], all.Select(r => (int)(r.Entry.Time - Entries.Start).TotalSeconds));
        Assert.Equal(all.Take(4), bounded);
    }

    [Theory]
    [MemberData(nameof(Engines.Both), MemberType = typeof(Engines))]
    public async Task A_batch_of_several_statements_is_written_whole_and_in_order(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var storage = database.Storage(tuning: TestDatabase.FastTuning with { BatchSize = 1_000 });
        // Queued before the writer starts, so its first batch is a full 1,000 rows: several full statements and a rest.
        for (var n = 0; n < 1_234; n++)
        {
            Assert.True(storage.Journal.Record(Entries.Audit(n)));
        }

        await storage.StartAsync(CancellationToken.None);
        await storage.FlushedAsync();

        var exported = await storage.AuditReader.ExportAsync(new AuditFilter(), 2_000, CancellationToken.None).ToListAsync();
        Assert.Equal(Enumerable.Range(0, 1_234).Select(n => Entries.Audit(n)), exported.Select(r => r.Entry));
    }
}
