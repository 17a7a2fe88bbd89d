using System.Runtime.CompilerServices;
using SmartCardFleet.Storage.Audit;

namespace SmartCardFleet.Host.Tests.Support;

/// <summary>The audit journal and reader in memory, with the filter and paging semantics of IAuditReader, for host tests
/// that are about what the host records and serves, not about storage.</summary>
internal sealed class InMemoryAuditJournal : IAuditJournal, IAuditReader
{
    private readonly List<AuditRecord> _records = [];

    public IReadOnlyList<AuditEntry> Entries
    {
        get
        {
            lock (_records)
            {
                return [.. _records.Select(r => r.Entry)];
            }
        }
    }

    public bool Record(AuditEntry entry)
    {
        lock (_records)
        {
            _records.Add(new AuditRecord(_records.Count + 1, entry));
        }

        return true;
    }

    public Task<AuditPage> QueryAsync(AuditFilter filter, long? before, int limit, CancellationToken cancellationToken)
    {
        var matching = Matching(filter).Where(r => before is null || r.Id < before).OrderByDescending(r => r.Id).Take(limit + 1).ToList();
        var page = matching.Take(limit).ToList();
        return Task.FromResult(new AuditPage(page, matching.Count > limit ? page[^1].Id : null));
    }

    public async IAsyncEnumerable<AuditRecord> ExportAsync(AuditFilter filter, int maxRows,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var record in Matching(filter).OrderBy(r => r.Id).Take(maxRows))
        {
            await Task.Yield();
            yield return record;
        }
    }

    /// <summary>Waits for the entry the host records after it answered (the answer can reach the client first).</summary>
    public Task<AuditEntry> WaitForAsync(Func<AuditEntry, bool> match, string what) =>
        Eventually.GetAsync(() => Task.FromResult(Entries.LastOrDefault(match)), TimeSpan.FromSeconds(5), what);

    private List<AuditRecord> Matching(AuditFilter f)
    {
        lock (_records)
        {
            return [.. _records.Where(r => (f.From is null || r.Entry.Time >= f.From) && (f.To is null || r.Entry.Time < f.To)
                && (f.Station is null || r.Entry.Station == f.Station) && (f.Reader is null || r.Entry.Reader == f.Reader)
                && (f.Who is null || r.Entry.Who == f.Who) && (f.Action is null || r.Entry.Action == f.Action)
                && (f.Outcome is null || r.Entry.Outcome == f.Outcome))];
        }
    }
}
