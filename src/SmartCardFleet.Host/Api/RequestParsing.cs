using SmartCardFleet.Abstractions;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;

namespace SmartCardFleet.Host.Api;

/// <summary>Turns request text into typed values, or a message that says what is wrong and what would be right.</summary>
public static class RequestParsing
{
    /// <summary>Enum names only (case-insensitive; flags joined with ',' or '|'): numbers would let undefined values in.</summary>
    public static bool TryEnum<T>(string? text, T fallback, string field, out T value, out string? problem)
        where T : struct, Enum
    {
        problem = null;
        value = fallback;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var parts = text.Split([',', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0 || parts.Any(p => char.IsAsciiDigit(p[0]) || p[0] == '-')
            || !Enum.TryParse(string.Join(", ", parts), ignoreCase: true, out value))
        {
            problem = $"{field} \"{text}\" is not one of {string.Join(", ", Enum.GetNames<T>())}";
            value = fallback;
            return false;
        }

        return true;
    }

    /// <summary>A command APDU in hex: separators allowed, even digit count, 4..65544 bytes.</summary>
    public static bool TryApdu(string? text, string field, out byte[] apdu, out string? problem)
    {
        apdu = [];
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = $"{field} is required: a command APDU in hex, e.g. \"00A4040000\"";
            return false;
        }

        try
        {
            apdu = Hex.Parse(text);
        }
        catch (FormatException e)
        {
            problem = $"{field}: {e.Message}";
            return false;
        }

        if (apdu.Length is < Transmit.MinLength or > Transmit.MaxLength)
        {
            problem = $"{field}: a command APDU is {Transmit.MinLength}..{Transmit.MaxLength} bytes (CLA INS P1 P2 [Lc data] [Le]); got {apdu.Length}";
            return false;
        }

        problem = null;
        return true;
    }

    /// <summary>Reader ids are slugs; anything else cannot name a reader, so it is "not found" (with the rule).</summary>
    public static bool TryReaderId(string text, out ReaderId id, out string? problem)
    {
        try
        {
            id = new ReaderId(text);
            problem = null;
            return true;
        }
        catch (ArgumentException)
        {
            id = default;
            problem = $"no reader '{text}': reader ids are lower-case letters, digits and single dashes (see GET /api/readers)";
            return false;
        }
    }
}
