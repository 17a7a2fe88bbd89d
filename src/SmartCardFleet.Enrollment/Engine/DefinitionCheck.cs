using SmartCardFleet.Enrollment.Jobs;

namespace SmartCardFleet.Enrollment.Engine;

/// <summary>
/// The manager's own check of a job definition before anything is written (the input parser checked the rows against
/// the operation's descriptor; this re-checks what the engine relies on): bounds, unique row ids, the retry policy and
/// the reader selection. Every problem names its field, and its row by index and id.
/// </summary>
internal static class DefinitionCheck
{
    public const int MaxNameLength = 200;
    public const int MaxIdLength = 200;
    public const int MaxRowIdLength = 100;
    public const int MaxPatternLength = 200;
    public const int MaxWhoLength = 200;

    /// <summary>Longest arguments of one row, in characters of compact JSON: the definition is one journal event.</summary>
    public const int MaxArgumentsLength = 8 * 1024;

    private const int MaxProblems = 20;

    /// <summary>Null when <paramref name="definition"/> can run on <paramref name="station"/>, else the problems.</summary>
    public static string? Problems(JobDefinition? definition, string? who, string station)
    {
        if (definition is null)
        {
            return "the job definition is missing";
        }

        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(who) || who.Length > MaxWhoLength)
        {
            problems.Add($"who must be 1 to {MaxWhoLength} characters");
        }

        if (definition.Name is { Length: > MaxNameLength })
        {
            problems.Add($"name must be at most {MaxNameLength} characters");
        }

        Text(problems, "pluginId", definition.PluginId, MaxIdLength);
        Text(problems, "operation", definition.Operation, MaxIdLength);
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
            problems.Add($"readers.station '{Shown(readers.Station)}' is not this station ('{station}'): a job runs on the station that owns its readers");
        }

        if (readers.NamePattern is { } pattern &&
            (pattern.Length is 0 or > MaxPatternLength || !pattern.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '*' or '?')))
        {
            problems.Add($"readers.namePattern must be 1 to {MaxPatternLength} characters of letters, digits, '-', '*' and '?' (a glob over reader ids)");
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
            if (row is null || string.IsNullOrWhiteSpace(row.RowId) || row.RowId.Length > MaxRowIdLength)
            {
                problems.Add($"rows[{i}]: the row id must be 1 to {MaxRowIdLength} characters");
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
            else if (row.Arguments.ToJsonString().Length > MaxArgumentsLength)
            {
                problems.Add($"rows[{i}] (row id '{row.RowId}'): arguments are longer than {MaxArgumentsLength} characters of JSON");
            }
        }
    }

    private static string Shown(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
