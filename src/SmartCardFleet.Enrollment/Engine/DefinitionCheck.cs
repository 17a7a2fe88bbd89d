using SmartCardFleet.Abstractions.Text;
using SmartCardFleet.Enrollment.Input;
using SmartCardFleet.Enrollment.Jobs;

namespace SmartCardFleet.Enrollment.Engine;

/// <summary>
/// The manager's own check of a job definition before anything is written (the input parser checked the rows against
/// the operation's descriptor; this re-checks what the engine relies on): bounds, unique row ids, the retry policy and
/// the reader selection. Every problem names its field, and its row by index and id.
/// </summary>
internal static class DefinitionCheck
{
    private const int MaxProblems = 20;

    /// <summary>Null when <paramref name="definition"/> can run on <paramref name="station"/>, else the problems.</summary>
    public static string? Problems(JobDefinition? definition, string? who, string station)
    {
        if (definition is null)
        {
            return "the job definition is missing";
        }

        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(who) || who.Length > JobLimits.MaxWhoLength)
        {
            problems.Add($"who must be 1 to {JobLimits.MaxWhoLength} characters");
        }

        if (!JobLimits.IsName(definition.Name))
        {
            problems.Add($"name must be at most {JobLimits.MaxNameLength} characters without control characters");
        }

        Text(problems, "pluginId", definition.PluginId, JobLimits.MaxPluginIdLength);
        Text(problems, "operation", definition.Operation, JobLimits.MaxOperationLength);
        if (definition.Retry is not { MaxAttempts: >= 1 and <= RetryPolicy.Limit })
        {
            problems.Add($"retry.maxAttempts must be 1 to {RetryPolicy.Limit}");
        }

        Readers(problems, definition.Readers, station);
        Rows(problems, definition.Rows);
        return problems.Count == 0 ? null : string.Join("; ", problems.Take(MaxProblems)) + (problems.Count > MaxProblems ? $"; and {problems.Count - MaxProblems} more" : "");
    }

    private static void Text(List<string> problems, string field, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > max)
        {
            problems.Add($"{field} must be 1 to {max} characters");
        }
    }

    private static void Readers(List<string> problems, ReaderSelection? readers, string station)
    {
        if (readers is null)
        {
            problems.Add("readers is missing (use an empty selection for every reader of the station)");
            return;
        }

        if (readers.Station is not null && !string.Equals(readers.Station, station, StringComparison.Ordinal))
        {
            problems.Add($"readers.station '{Bounded.Echo(readers.Station)}' is not this station ('{station}'): a job runs on the station that owns its readers");
        }

        if (readers.NamePattern is { } pattern && !JobLimits.IsReaderPattern(pattern))
        {
            problems.Add($"readers.namePattern must be 1 to {JobLimits.MaxPatternLength} {JobLimits.PatternRule}");
        }
    }

    private static void Rows(List<string> problems, IReadOnlyList<JobRow>? rows)
    {
        if (rows is null || rows.Count == 0)
        {
            problems.Add("rows must hold at least one row");
            return;
        }

        if (rows.Count > JobDefinition.MaxRows)
        {
            problems.Add($"rows holds {rows.Count} rows; a job holds at most {JobDefinition.MaxRows}");
            return;
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row is null || !RowIds.IsValid(row.RowId))
            {
                problems.Add($"rows[{i}]: the row id must be {RowIds.Rule}");
                continue;
            }

            if (!seen.TryAdd(row.RowId, i))
            {
                problems.Add($"rows[{i}] (row id '{row.RowId}'): duplicate row id, first used by rows[{seen[row.RowId]}]");
            }

            if (row.Arguments is null)
            {
                problems.Add($"rows[{i}] (row id '{row.RowId}'): arguments are missing");
            }
            else if (row.Arguments.ToJsonString().Length > JobLimits.MaxArgumentsLength)
            {
                problems.Add($"rows[{i}] (row id '{row.RowId}'): arguments are longer than {JobLimits.MaxArgumentsLength} characters of JSON");
            }
        }
    }
}
