using System.Text.Json.Nodes;

namespace SmartCardFleet.Enrollment.Engine;

/// <summary>Bounds what a row keeps of its operation's result: the journal and the job's memory hold one result per row,
/// up to 10,000 rows, so a plugin returning a large result must not grow either without limit.</summary>
internal static class RowResults
{
    /// <summary>Longest result kept, in characters of compact JSON.</summary>
    public const int MaxJsonLength = 2048;

    public static JsonNode? Bounded(JsonNode? result)
    {
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
