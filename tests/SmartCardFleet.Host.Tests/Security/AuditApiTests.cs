using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SmartCardFleet.Host.Api;
using SmartCardFleet.Host.Tests.Support;
using SmartCardFleet.Storage;
using SmartCardFleet.Storage.Audit;
using SmartCardFleet.Storage.Hosting;

namespace SmartCardFleet.Host.Tests.Security;

/// <summary>GET /api/audit and its CSV export over the real SQLite audit journal holding known records: filters, paging,
/// bad input by field, CSV quoting and the row bound.</summary>
public sealed class AuditApiTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("fleet-audit-api-");
    private StationUnderTest _station = null!;

    private string DatabaseFile => Path.Combine(_folder.FullName, "fleet.db");

    private IAuditReader Reader => _station.App.Services.GetRequiredService<IAuditReader>();

    public async Task InitializeAsync()
    {
        _station = await StationUnderTest.StartAsync(readers: 1, services: s => s.AddFleetStorage(
            StorageSettings.SqliteFile(DatabaseFile), StorageRetention.Default, "station-a"));
        var journal = _station.App.Services.GetRequiredService<IAuditJournal>();
        journal.Record(Entry(0, "kiosk-1", "reader.transmit", AuditOutcome.Succeeded, "r-1"));
        journal.Record(Entry(1, "kiosk-2", "reader.attach", AuditOutcome.Refused, "r-2"));
        journal.Record(Entry(2, "kiosk-1", "reader.transmit", AuditOutcome.Failed, "r-1"));
        journal.Record(Entry(3, "admin", "plugin.reload", AuditOutcome.Succeeded, null) with { Detail = "=HYPERLINK(\"x\"), \"quoted\"" });
        journal.Record(Entry(4, "kiosk-1", "reader.transmit", AuditOutcome.Succeeded, "r-1"));
        await Eventually.TrueAsync(async () => (await Reader.QueryAsync(new AuditFilter(), null, 10, default)).Records.Count == 5,
            TimeSpan.FromSeconds(10), "the five records to be written");
    }

    public async Task DisposeAsync()
    {
        await _station.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    private static AuditEntry Entry(int minute, string who, string action, AuditOutcome outcome, string? reader) =>
        new(T0.AddMinutes(minute), "station-a", reader, "3B8F8001", null, who, action, "{\"apdu\":\"00 A4\"}", outcome, 200, null);

    private async Task<JsonNode> PageAsync(string query) => await _station.GetJsonAsync("/api/audit" + query);

    private static long[] Ids(JsonNode page) => [.. page["records"]!.AsArray().Select(r => r!["id"]!.GetValue<long>())];

    [Fact]
    public async Task Filters_combine_and_pages_go_from_newest_to_oldest_by_next_before()
    {
        var first = await PageAsync("?who=kiosk-1&action=reader.transmit&limit=2");
        var second = await PageAsync($"?who=kiosk-1&action=reader.transmit&limit=2&before={first["nextBefore"]}");

        Assert.Equal(new long[] { 5, 3 }, Ids(first));
        Assert.Equal(new long[] { 1 }, Ids(second));
        Assert.Null(second["nextBefore"]?.GetValue<long?>());
        Assert.Equal(new long[] { 3 }, Ids(await PageAsync("?outcome=Failed")));
        Assert.Equal(new long[] { 2 }, Ids(await PageAsync("?reader=r-2&station=station-a")));
        Assert.Equal(new long[] { 3, 2 }, Ids(await PageAsync("?from=2026-12-01T08:01:00Z&to=2026-12-01T08:03:00Z")));
        var record = (await PageAsync("?action=plugin.reload"))["records"]![0]!;
        Assert.Equal("00 A4", record["what"]!["apdu"]!.GetValue<string>());
        Assert.Equal(("Succeeded", "admin", "3B8F8001"), (record["outcome"]!.GetValue<string>(), record["who"]!.GetValue<string>(),
            record["cardAtr"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("?limit=1001", "limit")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?before=-1", "before")]
    [InlineData("?outcome=Succeeded,Failed", "outcome")]
    [InlineData("?outcome=2", "outcome")]
    [InlineData("?from=yesterday", "from")]
    [InlineData("?to=01/12/2026", "to")]
    [InlineData("?from=2026-12-02&to=2026-12-01", "to")]
    public async Task Bad_input_is_400_naming_the_field(string query, string field)
    {
        var problem = await ProblemAssert.IsAsync(await _station.Http.GetAsync("/api/audit" + query), HttpStatusCode.BadRequest);

        Assert.Equal(field, problem["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_csv_export_is_oldest_first_quotes_and_defuses_formulas_and_says_when_it_was_cut()
    {
        var response = await _station.Http.GetAsync("/api/audit/export.csv");
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(AuditCsv.Header, lines[0]);
        Assert.Equal(6, lines.Length);
        Assert.Equal("1,2026-12-01T08:00:00.000000Z,station-a,r-1,3B8F8001,,kiosk-1,reader.transmit,\"{\"\"apdu\"\":\"\"00 A4\"\"}\",Succeeded,200,",
            lines[1]);
        Assert.EndsWith(",Succeeded,200,\"'=HYPERLINK(\"\"x\"\"), \"\"quoted\"\"\"", lines[4], StringComparison.Ordinal);

        var cut = (await (await _station.Http.GetAsync("/api/audit/export.csv?who=kiosk-1&limit=2")).Content.ReadAsStringAsync())
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, cut.Length);
        Assert.StartsWith(AuditEndpoints.TruncatedTrailer + " after 2 rows", cut[3], StringComparison.Ordinal);
        var exact = (await (await _station.Http.GetAsync("/api/audit/export.csv?who=kiosk-1&limit=3")).Content.ReadAsStringAsync())
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain(exact, l => l.StartsWith('#'));
    }

    [Fact]
    public async Task The_export_itself_is_audited()
    {
        await _station.Http.GetAsync("/api/audit/export.csv?who=kiosk-2");

        var entry = (await Eventually.GetAsync(async () => (await Reader.QueryAsync(new AuditFilter(Action: "audit.export"), null, 1, default))
            .Records.FirstOrDefault(), TimeSpan.FromSeconds(10), "the export's entry")).Entry;
        Assert.Equal(("local", AuditOutcome.Succeeded), (entry.Who, entry.Outcome));
        Assert.Equal("kiosk-2", JsonNode.Parse(entry.What!)!["who"]!.GetValue<string>());
    }

    /// <summary>PostgreSQL refusing the station's connections (its database made unreachable, open connections ended) is
    /// an outage no connection of the station can read through, unlike a SQLite lock, which WAL readers may pass.</summary>
    [Fact]
    public async Task An_unreachable_database_answers_503_storage_unavailable_for_the_page_and_the_export()
    {
        var name = TestPostgres.NewDatabaseName();
        var connectionString = await TestPostgres.CreateDatabaseAsync(name);
        try
        {
            await using var station = await StationUnderTest.StartAsync(readers: 1, services: s => s.AddFleetStorage(
                new StorageSettings(StorageProvider.PostgreSql, connectionString), StorageRetention.Default, "station-b"));
            var reader = station.App.Services.GetRequiredService<IAuditReader>();
            station.App.Services.GetRequiredService<IAuditJournal>().Record(Entry(0, "kiosk-1", "reader.transmit", AuditOutcome.Succeeded, "r-1"));
            await Eventually.TrueAsync(async () => (await reader.QueryAsync(new AuditFilter(), null, 10, default)).Records.Count == 1,
                TimeSpan.FromSeconds(10), "the record to be written");

            await TestPostgres.SetReachableAsync(name, false);
            try
            {
                var page = await ProblemAssert.IsAsync(await station.Http.GetAsync("/api/audit"), HttpStatusCode.ServiceUnavailable);
                var export = await ProblemAssert.IsAsync(await station.Http.GetAsync("/api/audit/export.csv"),
                    HttpStatusCode.ServiceUnavailable);
                Assert.Equal(("StorageUnavailable", "StorageUnavailable"), (page["reason"]!.GetValue<string>(), export["reason"]!.GetValue<string>()));
            }
            finally
            {
                await TestPostgres.SetReachableAsync(name, true);
            }

            // The export tried during the outage is itself audited (Failed, 503): its entry waited in the writer's queue
            // and reaches the database once it is back (the writer retries every 5 s at most), beside the one from before.
            var back = await Eventually.GetAsync(async () =>
            {
                var response = await station.Http.GetAsync("/api/audit");
                return response.IsSuccessStatusCode && JsonNode.Parse(await response.Content.ReadAsStringAsync())!["records"]!.AsArray()
                    is { Count: 2 } records ? records : null;
            }, TimeSpan.FromSeconds(20), "the audit page to answer again with the entry from before and the export tried during the outage");
            Assert.Equal([("audit.export", "Failed"), ("reader.transmit", "Succeeded")],
                back.Select(r => (r!["action"]!.GetValue<string>(), r["outcome"]!.GetValue<string>())).Order());
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(name);
        }
    }
}
