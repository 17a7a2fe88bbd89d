using System.Diagnostics;
using Npgsql;
using SmartCardFleet.Benchmarks.Support;
using SmartCardFleet.Storage;
using SmartCardFleet.Storage.Audit;
using SmartCardFleet.Testing;
using static SmartCardFleet.Benchmarks.Support.Format;

namespace SmartCardFleet.Benchmarks.Figures;

/// <summary>
/// Figure 7 (issue 14): audit records per second the station's batching writer stores, on SQLite (a file in a temporary
/// folder) and on PostgreSQL (a database of its own on FLEET_TEST_POSTGRES, which run-bench.sh starts when unset). The
/// records are handed to IAuditJournal.Record as fast as one caller can, into a queue large enough to hold them all, and
/// the clock stops when FlushAsync says every one is committed: the rate is the writer's sustained throughput, and the
/// caller's own cost per Record is reported beside it.
/// </summary>
public sealed class AuditFigure(BenchOptions options)
{
    private const double Target = 5_000;

    private int Records => options.Smoke ? 2_000 : 100_000;

    public async Task RunAsync(ReportSection section)
    {
        section.Raw["records"] = Records;
        var folder = Directory.CreateTempSubdirectory("scf-bench-audit-");
        try
        {
            await MeasureAsync(section, "SQLite (WAL, synchronous=NORMAL, file in /tmp)", StorageSettings.SqliteFile(Path.Combine(folder.FullName, "fleet.db")));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }

        if (TestPostgres.ServerOrNull() is not { } server)
        {
            section.NotMeasured("PostgreSQL", "FLEET_TEST_POSTGRES is not set and run-bench.sh could not start a throwaway server");
            return;
        }

        var name = TestPostgres.NewDatabaseName("fleet_bench");
        var connectionString = await TestPostgres.CreateDatabaseAsync(name);
        try
        {
            await MeasureAsync(section, $"PostgreSQL {await ServerVersionAsync(server)} (same machine, loopback TCP)",
                new StorageSettings(StorageProvider.PostgreSql, connectionString));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(name);
        }
    }

    private async Task MeasureAsync(ReportSection section, string engine, StorageSettings settings)
    {
        var tuning = StorageTuning.Default with { QueueCapacity = Records };
        await using var storage = new FleetStorage(settings, StorageRetention.Default, "bench-station", tuning);
        await storage.StartAsync(CancellationToken.None);
        if (!storage.Health.Status.IsHealthy)
        {
            throw new InvalidOperationException($"{engine}: {storage.Health.Status}");
        }

        var entries = Enumerable.Range(0, Records).Select(Entry).ToList();
        var clock = Stopwatch.StartNew();
        foreach (var entry in entries)
        {
            if (!storage.Journal.Record(entry))
            {
                throw new InvalidOperationException($"{engine}: Record refused an entry with the queue sized for the whole run");
            }
        }

        var recorded = clock.Elapsed;
        await storage.FlushAsync(CancellationToken.None);
        var flushed = clock.Elapsed;
        var rate = Records / flushed.TotalSeconds;
        section.Row(engine, Number(Records), Millis(flushed.TotalMilliseconds), Number(rate),
            Micros(recorded.TotalMicroseconds / Records), Invariant($"≥ {Target:#,0}/s"), Met(rate >= Target));
        section.Raw[engine] = new System.Text.Json.Nodes.JsonObject
        {
            ["records"] = Records,
            ["flushedSeconds"] = flushed.TotalSeconds,
            ["recordsPerSecond"] = rate,
            ["recordCallMicroseconds"] = recorded.TotalMicroseconds / Records,
            ["batchSize"] = tuning.BatchSize,
        };
        Console.WriteLine(Invariant($"bench: audit on {engine}: {Records:#,0} records in {flushed.TotalSeconds:0.00} s = {rate:#,0}/s"));
    }

    /// <summary>A typical entry: a transmit on one of 16 readers, with its card, caller and redacted arguments.</summary>
    private static AuditEntry Entry(int n) => new(DateTimeOffset.UtcNow, "bench-station", $"bench-station/Simulated Reader {n % 16:D2}",
        "3B8F8001804F0CA0000003060300030000000068", $"04{n:X8}", "operator-1", "reader.transmit", $"{{\"apdu\":\"00B0000010\",\"n\":{n}}}",
        AuditOutcome.Succeeded, 200, null);

    private static async Task<string> ServerVersionAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection.PostgreSqlVersion.ToString();
    }
}
