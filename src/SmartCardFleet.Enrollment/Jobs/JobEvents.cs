using SmartCardFleet.Core.Messaging;

namespace SmartCardFleet.Enrollment.Jobs;

/// <summary>What jobs publish on the station's EventStream for the event stream and dashboard. Local to the station that
/// runs the job (not an IFleetEvent: they are not sent to other stations).</summary>
public interface IJobEvent
{
    string JobId { get; }

    DateTimeOffset Timestamp { get; }
}

/// <summary>A job's counts or state changed (created, a row ended, paused, resumed, cancelled, completed).</summary>
public sealed record JobProgressed(JobSummary Summary, DateTimeOffset Timestamp) : IJobEvent, ILocalOnlyMessage
{
    public string JobId => Summary.JobId;
}

/// <summary>One attempt of a row ended on a card: <see cref="State"/> is Succeeded, Pending (failed, will be tried on
/// another card), Failed (for good) or InDoubt. The dashboard shows "remove card" on the reader once the row is Succeeded
/// or Failed.</summary>
public sealed record JobRowEnded(string JobId, string RowId, RowState State, RowAttempt Attempt, DateTimeOffset Timestamp) : IJobEvent, ILocalOnlyMessage;
