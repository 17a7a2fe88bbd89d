using System.Text.Json.Nodes;
using SmartCardFleet.Enrollment.Jobs;

namespace SmartCardFleet.Enrollment.Journal;

/// <summary>Marker of everything the job engine writes to the journal and snapshot store: bound to
/// <see cref="EnrollmentJournalSerializer"/>, whose manifests are stable (docs/messages.md, "Enrollment journal").</summary>
public interface IEnrollmentJournalMessage;

/// <summary>A job's first event: its whole definition. The only event that holds the rows' arguments (they may carry
/// secrets); every later event names a row by its id.</summary>
public sealed record JobCreated(string JobId, string Station, JobDefinition Definition, string Who, DateTimeOffset CreatedAt)
    : IEnrollmentJournalMessage;

/// <summary>Written BEFORE the operation is sent to the plugin host (write-ahead): a RowStarted without an end after a
/// crash means the operation may have reached the card, so the row is in doubt, never run again silently.</summary>
public sealed record RowStarted(string RowId, string ReaderId, int Insertion, string? Atr, string? Uid, DateTimeOffset At)
    : IEnrollmentJournalMessage;

/// <summary>The row's operation completed (<paramref name="Verified"/>: a verify operation found it applied after doubt).
/// <paramref name="Result"/> is redacted and bounded (<see cref="Engine.RowResults"/>).</summary>
public sealed record RowSucceeded(string RowId, JsonNode? Result, bool Verified, DateTimeOffset At) : IEnrollmentJournalMessage;

/// <summary>Refused before the card was touched: the row is Pending again, or Failed once its attempts are used up.</summary>
public sealed record RowAttemptFailed(string RowId, string Error, DateTimeOffset At) : IEnrollmentJournalMessage;

/// <summary>The operation may or may not have reached the card.</summary>
public sealed record RowInDoubt(string RowId, string Error, DateTimeOffset At) : IEnrollmentJournalMessage;

/// <summary>A verify operation found an in-doubt row not applied on its card: safe to run again (Pending).</summary>
public sealed record RowReleased(string RowId, string Why, DateTimeOffset At) : IEnrollmentJournalMessage;

/// <summary>An operator's decision on an in-doubt row.</summary>
public sealed record RowDecided(string RowId, RowDecision Decision, string Who, DateTimeOffset At) : IEnrollmentJournalMessage;

public sealed record JobPaused(string Who, DateTimeOffset At) : IEnrollmentJournalMessage;

public sealed record JobResumed(string Who, DateTimeOffset At) : IEnrollmentJournalMessage;

public sealed record JobCancelled(string Who, DateTimeOffset At) : IEnrollmentJournalMessage;

/// <summary>A job's whole state, saved every N events so recovery replays at most N events.</summary>
public sealed record JobSnapshot(JobCreated Created, JobState State, string? PausedReason, IReadOnlyList<RowSnapshot> Rows)
    : IEnrollmentJournalMessage;

/// <summary>One row in a <see cref="JobSnapshot"/> (in the definition's order).</summary>
public sealed record RowSnapshot(RowState State, int Attempts, RowAttempt? Last);

/// <summary>The job index (the manager's journal) gained a job; written before the job's own JobCreated.</summary>
public sealed record JobRegistered(string JobId, DateTimeOffset At) : IEnrollmentJournalMessage;

/// <summary>A registered job whose creation did not complete (its JobCreated was never written): not a job.</summary>
public sealed record JobDropped(string JobId, DateTimeOffset At) : IEnrollmentJournalMessage;

/// <summary>The job index, saved every N index events.</summary>
public sealed record JobIndexSnapshot(IReadOnlyList<string> JobIds) : IEnrollmentJournalMessage;
