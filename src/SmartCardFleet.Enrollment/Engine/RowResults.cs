using System.Text.Json.Nodes;
using SmartCardFleet.Abstractions.Plugins;
using SmartCardFleet.Core.Plugins;

namespace SmartCardFleet.Enrollment.Engine;

/// <summary>What a row keeps of its operation's result: redacted first (secret-typed result fields and members named like
/// secrets, <see cref="OperationDescriptor.RedactResult"/>), since it goes to the journal, the job's views and the
/// JobRowEnded events; then bounded, since the journal and the job's memory hold one result per row, up to 10,000 rows.</summary>
internal static class RowResults
{
    /// <summary>Longest result kept, in characters of compact JSON.</summary>
    public const int MaxJsonLength = 2048;

    public static JsonNode? Kept(JsonNode? result, OperationInfo? operation)
    {
        result = RowAudit.Descriptor(operation).RedactResult(result);
        if (result is null)
        {
            return null;
        }

        var json = result.ToJsonString();
        return json.Length <= MaxJsonLength
            ? JsonNode.Parse(json)
            : new JsonObject { ["truncated"] = true, ["length"] = json.Length };
    }
}
