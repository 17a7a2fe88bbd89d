namespace SmartCardFleet.Storage.Audit;

/// <summary>How a state-changing request ended. Exactly one known name is accepted in filters.</summary>
public enum AuditOutcome
{
    /// <summary>It was done.</summary>
    Succeeded,

    /// <summary>It was attempted and failed (the card, the reader, the plugin or the station said no).</summary>
    Failed,

    /// <summary>It was refused before anything ran: bad input, a missing role, an unknown target.</summary>
    Refused,
}

/// <summary>
/// One line of the audit journal: who did what to which card, when, where, and how it ended. Every string is already
/// bounded and redacted by the caller (arguments as the logs show them: PINs, keys and VERIFY/CHANGE REFERENCE DATA
/// bodies are never written); the journal stores what it is given.
/// </summary>
/// <param name="Time">When the request finished.</param>
/// <param name="Station">The station the request ran on (Station:Name).</param>
/// <param name="Reader">The reader's fleet-wide or local id; null for requests not about a reader (job control, reloads).</param>
/// <param name="CardAtr">The card's ATR in hex when one was known; null otherwise.</param>
/// <param name="CardUid">The card's UID in hex when the plugin or reader gave one.</param>
/// <param name="Who">The API token's name, or "local" on a loopback-only station without tokens.</param>
/// <param name="Action">What was asked, a stable dotted name such as "reader.transmit" or "job.create".</param>
/// <param name="What">The redacted arguments as compact JSON, or null.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Status">The HTTP status of the answer (0 when not over HTTP).</param>
/// <param name="Detail">The failure's reason or problem title; null on success.</param>
public sealed record AuditEntry(DateTimeOffset Time, string Station, string? Reader, string? CardAtr, string? CardUid, string Who,
    string Action, string? What, AuditOutcome Outcome, int Status, string? Detail);

/// <summary>A stored <see cref="AuditEntry"/> with its id: ids grow with insertion order and are the paging cursor.</summary>
public sealed record AuditRecord(long Id, AuditEntry Entry);

/// <summary>Which audit records a query returns; every criterion is optional and they combine with AND. Text criteria are
/// exact matches. <see cref="From"/> is inclusive, <see cref="To"/> exclusive.</summary>
public sealed record AuditFilter(DateTimeOffset? From = null, DateTimeOffset? To = null, string? Station = null, string? Reader = null,
    string? Who = null, string? Action = null, AuditOutcome? Outcome = null);

/// <summary>One page of audit records, newest first. <see cref="NextBefore"/> is the cursor of the next (older) page, null
/// on the last page.</summary>
public sealed record AuditPage(IReadOnlyList<AuditRecord> Records, long? NextBefore);
