namespace SmartCardFleet.Core;

/// <summary>Text a client sent, made fit to echo in an error message: a client may send megabytes, and an error message
/// travels on into logs, events and every event-stream subscriber.</summary>
public static class ClientText
{
    /// <summary>Names (argument keys, enum words) are short; this is plenty to recognise one's own typo.</summary>
    public const int MaxEchoedName = 64;

    public static string Bounded(string? text, int max = MaxEchoedName)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        if (text is null)
        {
            return "";
        }

        return text.Length <= max ? text : $"{text[..max]}… ({text.Length} characters)";
    }
}
