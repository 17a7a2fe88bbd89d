using System.Text.Json.Nodes;
using SmartCardFleet.Core.Messaging;

namespace SmartCardFleet.Enrollment.Jobs;

/// <summary>Where a job stands. Exactly one known name is accepted in filters.</summary>
public enum JobState
{
    /// <summary>Cards that arrive take rows.</summary>
    Running,

    /// <summary>No new row starts: paused by an operator, or by the station because storage failed (the reason says which).</summary>
    Paused,

    /// <summary>Every row is succeeded or failed for good; nothing is in doubt.</summary>
    Completed,

    /// <summary>Cancelled by an operator: no new row starts; rows already done stay done.</summary>
    Cancelled,
}

/// <summary>Where one row stands.</summary>
public enum RowState
{
    /// <summary>Not started yet, or waiting for the next card after a failed attempt.</summary>
    Pending,

    /// <summary>Its operation runs on a card now.</summary>
    Running,

    /// <summary>Done on a card (recorded in <see cref="RowView.Last"/>).</summary>
    Succeeded,

    /// <summary>Failed on every allowed attempt; reported, never retried on its own.</summary>
    Failed,

    /// <summary>Its operation may or may not have reached the card (crash, card pulled mid-command): it is verified on
    /// the same card when the plugin offers a verify operation, otherwise an operator decides. Never repeated silently.</summary>
    InDoubt,
}

/// <summary>An operator's decision on an in-doubt row.</summary>
public enum RowDecision
{
    /// <summary>The card was issued: count the row as succeeded.</summary>
    Done,

    /// <summary>The card was not issued: run the row again on the next card.</summary>
    RunAgain,
}

/// <summary>One attempt of a row on a card: which card (ATR, UID when known), where, when, and how it ended.</summary>
/// <param name="Error">Why it failed or is in doubt; null on success.</param>
/// <param name="Result">The operation's result on success (bounded), else null.</param>
public sealed record RowAttempt(string Station, string ReaderId, string? Atr, string? Uid, DateTimeOffset StartedAt, DateTimeOffset? EndedAt,
    string? Error, JsonNode? Result);

/// <summary>A row as clients see it; its arguments are not shown (they may carry secrets).</summary>
public sealed record RowView(string RowId, RowState State, int Attempts, RowAttempt? Last);

/// <summary>A job's counts and state, for lists and progress events.</summary>
public sealed record JobSummary(string JobId, string? Name, string PluginId, string Operation, JobState State, string? PausedReason,
    int Total, int Succeeded, int Failed, int InDoubt, int Running, int Pending, DateTimeOffset CreatedAt, string CreatedBy);

/// <summary>A job with one page of its rows (<see cref="GetJob"/>).</summary>
public sealed record JobView(JobSummary Summary, ReaderSelection Readers, RetryPolicy Retry, IReadOnlyList<RowView> Rows, int RowOffset) : ILocalOnlyMessage;
