using System.Buffers;
using SmartCardFleet.Enrollment.Input;

namespace SmartCardFleet.Enrollment.Jobs;

/// <summary>
/// The bounds of a job definition, defined once: the HTTP API checks a request against them (with a problem naming the
/// field) and the job manager checks every definition again before anything is written. Row ids follow
/// <see cref="RowIds"/>.
/// </summary>
public static class JobLimits
{
    /// <summary>Longest job name; control characters are refused too.</summary>
    public const int MaxNameLength = 100;

    /// <summary>Longest plugin id (the plugin API's bound).</summary>
    public const int MaxPluginIdLength = 255;

    public const int MaxOperationLength = 100;

    public const int MaxPatternLength = 128;

    /// <summary>Longest creator name (a token's name, or "local").</summary>
    public const int MaxWhoLength = 200;

    /// <summary>Longest arguments of one row, in characters of compact JSON: the definition is one journal event.</summary>
    public const int MaxArgumentsLength = 8 * 1024;

    public const string PatternRule = "characters of a reader id (lower-case letters, digits, '-') with '*' for any run and '?' for one character";

    private static readonly SearchValues<char> PatternCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-*?");

    public static bool IsName(string? name) => name is null || (name.Length <= MaxNameLength && !name.Any(char.IsControl));

    /// <summary>A glob over reader ids (which are lower-case): 1..<see cref="MaxPatternLength"/> of
    /// <see cref="PatternRule"/>.</summary>
    public static bool IsReaderPattern(string pattern) =>
        pattern is { Length: > 0 and <= MaxPatternLength } && !pattern.AsSpan().ContainsAnyExcept(PatternCharacters);
}
