using SmartCardFleet.Core.Messaging;

namespace SmartCardFleet.Enrollment.Jobs;

/// <summary>Marker type under which the job manager is registered in Akka.Hosting's ActorRegistry. Its commands and
/// replies are in-process (<see cref="ILocalOnlyMessage"/>): a job runs on the station that owns its readers, and the
/// HTTP API of that station is the only way in from outside (docs/messages.md).</summary>
public sealed class JobManagerKey;

/// <summary>Create and start a job. Answered with <see cref="JobView"/> (its first rows) or <see cref="JobRefused"/>.
/// The definition is validated again here (rows, ids, bounds); nothing is created when it is refused.</summary>
public sealed record CreateJob(JobDefinition Definition, string Who) : ILocalOnlyMessage;

/// <summary>The newest jobs first, at most <see cref="Limit"/>, optionally only those in <see cref="State"/>. Answered
/// with <see cref="JobList"/>.</summary>
public sealed record ListJobs(int Limit = 100, JobState? State = null) : ILocalOnlyMessage
{
    public const int MaxLimit = 500;
}

public sealed record JobList(IReadOnlyList<JobSummary> Jobs) : ILocalOnlyMessage;

/// <summary>One job with rows [<see cref="RowOffset"/>, +<see cref="RowLimit"/>), optionally only rows in
/// <see cref="RowState"/>. Answered with <see cref="JobView"/> or <see cref="JobRefused"/> (UnknownJob).</summary>
public sealed record GetJob(string JobId, int RowOffset = 0, int RowLimit = 100, RowState? RowState = null) : ILocalOnlyMessage
{
    public const int MaxRowLimit = 1000;
}

/// <summary>Stop starting new rows (a row in flight finishes). Answered with <see cref="JobView"/> or <see cref="JobRefused"/>.</summary>
public sealed record PauseJob(string JobId, string Who) : ILocalOnlyMessage;

/// <summary>Start taking cards again. Answered with <see cref="JobView"/> or <see cref="JobRefused"/>.</summary>
public sealed record ResumeJob(string JobId, string Who) : ILocalOnlyMessage;

/// <summary>End the job for good; rows done stay done. Answered with <see cref="JobView"/> or <see cref="JobRefused"/>.</summary>
public sealed record CancelJob(string JobId, string Who) : ILocalOnlyMessage;

/// <summary>An operator's decision on an in-doubt row. Answered with <see cref="JobView"/> or <see cref="JobRefused"/>
/// (UnknownJob, UnknownRow, NotInDoubt).</summary>
public sealed record DecideRow(string JobId, string RowId, RowDecision Decision, string Who) : ILocalOnlyMessage;

/// <summary>Forget a completed or cancelled job: its id leaves the station's job index (so it no longer counts against
/// <c>MaxJobs</c>), then its journal is deleted. The outcome of each of its rows stays in the audit journal. Answered with
/// <see cref="JobDeleted"/> or <see cref="JobRefused"/> (UnknownJob; InvalidState for a job running or paused (cancel it
/// first) or with rows in doubt (decide them first); StorageUnavailable).</summary>
public sealed record DeleteJob(string JobId, string Who) : ILocalOnlyMessage;

/// <summary>The job is gone from the index; its journal is being deleted.</summary>
public sealed record JobDeleted(string JobId) : ILocalOnlyMessage;

/// <summary>Why a job command was not done. Stable names: they travel to HTTP clients.</summary>
public enum JobRefusal
{
    /// <summary>The definition is not valid (the message names the field, row and column).</summary>
    InvalidDefinition,
    /// <summary>No job with that id.</summary>
    UnknownJob,
    /// <summary>No row with that id in the job.</summary>
    UnknownRow,
    /// <summary>The job's state does not allow the command (e.g. resume a completed job).</summary>
    InvalidState,
    /// <summary>The row is not in doubt, so there is nothing to decide.</summary>
    NotInDoubt,
    /// <summary>The job store cannot be written now (the message says why); nothing was changed.</summary>
    StorageUnavailable,
    /// <summary>Too many jobs are kept: cancel or let some finish (running and paused ones), or delete finished ones.</summary>
    TooManyJobs,
}

/// <summary>Failure reply to a job command.</summary>
public sealed record JobRefused(JobRefusal Reason, string Message) : ILocalOnlyMessage;
