using System.Data.Common;
using System.Runtime.CompilerServices;
using SmartCardFleet.Storage.Database;
using SmartCardFleet.Storage.Writing;

namespace SmartCardFleet.Storage.Audit;

/// <summary>The audit journal in the station's database: entries go through the batching writer; reads are keyset pages
/// (newest first, below a cursor id) and a bounded, streamed export (oldest first). A failing read throws
/// <see cref="StorageUnavailableException"/> with the reason.</summary>
internal sealed class SqlAuditJournal(StorageDatabase database, BatchingWriter<AuditEntry> writer) : IAuditJournal, IAuditReader
{
    /// <summary>The largest page a query returns.</summary>
    public const int MaxPageSize = 1_000;

    /// <summary>The most rows one export streams.</summary>
    public const int MaxExportRows = 1_000_000;

    public bool Record(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return writer.TryEnqueue(entry);
    }

    public async Task<AuditPage> QueryAsync(AuditFilter filter, long? before, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        limit = Math.Min(limit, MaxPageSize);
        var records = new List<AuditRecord>(limit + 1);
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            // One row more than asked says whether an older page exists.
            await using var command = AuditQuery.Select(connection, filter, before, newestFirst: true, limit + 1);
            await using var rows = await command.ExecuteReaderAsync(cancellationToken);
            while (await rows.ReadAsync(cancellationToken))
            {
                records.Add(AuditTable.Read(rows));
            }
        }
        catch (DbException failure)
        {
            throw new StorageUnavailableException(database.Describe.Of(failure), failure);
        }

        var more = records.Count > limit;
        if (more)
        {
            records.RemoveAt(limit);
        }

        return new AuditPage(records, more ? records[^1].Id : null);
    }

    public async IAsyncEnumerable<AuditRecord> ExportAsync(AuditFilter filter, int maxRows, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        var (connection, command, rows) = await Guarded(async () =>
        {
            var connection = await database.OpenAsync(cancellationToken);
            var command = AuditQuery.Select(connection, filter, before: null, newestFirst: false, Math.Min(maxRows, MaxExportRows));
            return (connection, command, await command.ExecuteReaderAsync(cancellationToken));
        });
        await using (connection)
        await using (command)
        await using (rows)
        {
            while (await Guarded(() => rows.ReadAsync(cancellationToken)))
            {
                yield return AuditTable.Read(rows);
            }
        }
    }

    /// <summary>An export cannot catch around its yields, so each database step is wrapped here.</summary>
    private async Task<TResult> Guarded<TResult>(Func<Task<TResult>> step)
    {
        try
        {
            return await step();
        }
        catch (DbException failure)
        {
            throw new StorageUnavailableException(database.Describe.Of(failure), failure);
        }
    }
}
