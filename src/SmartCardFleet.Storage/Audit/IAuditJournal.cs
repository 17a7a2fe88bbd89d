namespace SmartCardFleet.Storage.Audit;

/// <summary>
/// Where the host hands audit entries. <see cref="Record"/> never blocks and never touches the database on the caller's
/// thread: entries go to a bounded queue that a writer drains in batches (the APDU path must not wait for a disk).
/// </summary>
public interface IAuditJournal
{
    /// <summary>Queues <paramref name="entry"/>; false when the queue is full (storage has been failing for a while), in
    /// which case the entry is counted as dropped and the storage health says why.</summary>
    bool Record(AuditEntry entry);
}

/// <summary>Reads the audit journal: pages for the API and dashboard, a bounded stream for CSV export.</summary>
public interface IAuditReader
{
    /// <summary>Records matching <paramref name="filter"/> with ids below <paramref name="before"/> (null: from the newest),
    /// newest first, at most <paramref name="limit"/>.</summary>
    Task<AuditPage> QueryAsync(AuditFilter filter, long? before, int limit, CancellationToken cancellationToken);

    /// <summary>Records matching <paramref name="filter"/>, oldest first, at most <paramref name="maxRows"/>.</summary>
    IAsyncEnumerable<AuditRecord> ExportAsync(AuditFilter filter, int maxRows, CancellationToken cancellationToken);
}
