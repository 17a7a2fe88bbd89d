using System.Text.Json.Nodes;
using SmartCardFleet.Abstractions.Plugins;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Enrollment.Jobs;
using SmartCardFleet.Storage.Audit;

namespace SmartCardFleet.Enrollment.Engine;

/// <summary>One audit entry per ended row attempt (action "job.row", who = the job's creator), its arguments redacted
/// by the operation's descriptor as the logs redact them.</summary>
internal static class RowAudit
{
    public const string Action = "job.row";

    public static AuditEntry Entry(JobData job, int rowIndex, RowState state, RowAttempt attempt, OperationInfo? operation, DateTimeOffset now)
    {
        var definition = job.Definition;
        var what = new JsonObject
        {
            ["job"] = job.Created.JobId,
            ["row"] = definition.Rows[rowIndex].RowId,
            ["operation"] = definition.Operation,
            ["arguments"] = Redacted(definition.Rows[rowIndex].Arguments, operation),
        };
        var outcome = state == RowState.Succeeded ? AuditOutcome.Succeeded : AuditOutcome.Failed;
        var detail = state switch
        {
            RowState.Succeeded => null,
            RowState.InDoubt => $"in doubt: {attempt.Error}",
            _ => attempt.Error,
        };
        return new AuditEntry(now, job.Created.Station, attempt.ReaderId, attempt.Atr, attempt.Uid, job.Created.Who, Action, what.ToJsonString(),
            outcome, 0, detail);
    }

    /// <summary>The descriptor's rules (<see cref="OperationDescriptor.RedactArguments"/>); without a descriptor every
    /// argument shows only its JSON kind, the rule for undeclared arguments.</summary>
    public static JsonObject Redacted(JsonObject arguments, OperationInfo? operation) => Descriptor(operation).RedactArguments(arguments);

    /// <summary>The operation's descriptor for its redaction rules; an empty one when the plugin did not say.</summary>
    public static OperationDescriptor Descriptor(OperationInfo? operation) => operation?.ToDescriptor() ?? new OperationDescriptor("unknown", "");
}
