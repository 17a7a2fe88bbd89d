using System.Buffers;

namespace SmartCardFleet.Enrollment.Input;

/// <summary>What a row id may be: 1..64 of letters, digits, '.', '_', '-' (so it is safe in a URL path segment, a CSV
/// cell, a log line and an event without escaping). A row without an id gets its 1-based row number.</summary>
public static class RowIds
{
    public const int MaxLength = 64;

    /// <summary>The CSV column and JSON member that carries a row's id.</summary>
    public const string Column = "rowId";

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-");

    public static bool IsValid(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxLength && !id.AsSpan().ContainsAnyExcept(Allowed);

    public const string Rule = "1..64 letters, digits, '.', '_' or '-'";
}
