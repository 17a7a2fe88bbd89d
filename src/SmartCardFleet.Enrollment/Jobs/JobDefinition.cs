using System.Text.Json.Nodes;

namespace SmartCardFleet.Enrollment.Jobs;

/// <summary>Which readers a job takes cards from. Both null: every reader of the station. <see cref="NamePattern"/> is a
/// glob over the reader id ('*' any run, '?' one character), e.g. "kiosk-*".</summary>
public sealed record ReaderSelection(string? Station = null, string? NamePattern = null)
{
    public static readonly ReaderSelection All = new();
}

/// <summary>How often a failed row is tried again: each attempt takes the next card; after <see cref="MaxAttempts"/>
/// failed attempts the row is failed for good and reported.</summary>
public sealed record RetryPolicy(int MaxAttempts)
{
    public const int Limit = 100;

    public static readonly RetryPolicy Default = new(3);
}

/// <summary>One input row: a unique id (from the CSV's row-id column, or the row number) and the operation's
/// arguments, already validated against the operation's descriptor.</summary>
public sealed record JobRow(string RowId, JsonObject Arguments);

/// <summary>What a job does: run <see cref="Operation"/> of plugin <see cref="PluginId"/> once per card, one row per
/// card, on the readers of <see cref="Readers"/>.</summary>
/// <param name="Name">An operator's label for the job (bounded, shown in lists), or null.</param>
/// <param name="PluginId">The plugin whose cards the job takes (a card identified by another plugin is not used).</param>
/// <param name="Operation">The plugin operation run on each card.</param>
public sealed record JobDefinition(string? Name, string PluginId, string Operation, ReaderSelection Readers, IReadOnlyList<JobRow> Rows,
    RetryPolicy Retry)
{
    /// <summary>Most rows one job may hold: the job's state lives in memory and in the journal.</summary>
    public const int MaxRows = 10_000;
}
