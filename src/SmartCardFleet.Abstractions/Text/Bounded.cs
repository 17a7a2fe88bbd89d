using System.Globalization;

namespace SmartCardFleet.Abstractions.Text;

/// <summary>
/// Caps text that ends up in messages, problem details, events or logs. A message that quotes what a client sent
/// must not grow with it: a 10 MB argument echoed in an error would be kept, replayed and logged at full size.
/// Truncation is visible: the kept start is followed by <c>…(N more characters)</c>.
/// </summary>
public static class Bounded
{
    /// <summary>How much of a client's value a message quotes: enough to recognise it, never enough to matter.</summary>
    public const int EchoLength = 64;

    /// <summary>The hard cap for one text field the station keeps or sends back (a problem's detail, an event's field).</summary>
    public const int FieldLength = 1024;

    /// <summary>
    /// <paramref name="text"/> when it has at most <paramref name="maxLength"/> characters; otherwise its first
    /// <paramref name="maxLength"/> characters (never splitting a surrogate pair) and a marker that says how many
    /// characters were left out.
    /// </summary>
    /// <param name="text">The text to cap; null stays null.</param>
    /// <param name="maxLength">Characters kept, at least 1.</param>
    /// <returns>The text or its capped form.</returns>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public static string? Text(string? text, int maxLength = FieldLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        if (text is null || text.Length <= maxLength)
        {
            return text;
        }

        var kept = char.IsHighSurrogate(text[maxLength - 1]) ? maxLength - 1 : maxLength;
        return string.Create(CultureInfo.InvariantCulture, $"{text.AsSpan(0, kept)}…({text.Length - kept} more characters)");
    }

    /// <summary>A client's value as a message quotes it: <see cref="Text"/> with <see cref="EchoLength"/>.</summary>
    /// <param name="value">The value the client sent.</param>
    /// <returns>The value, capped.</returns>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(value))]
    public static string? Echo(string? value) => Text(value, EchoLength);
}
