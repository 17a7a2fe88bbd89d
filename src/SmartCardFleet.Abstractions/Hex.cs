using System.Diagnostics.CodeAnalysis;
using SmartCardFleet.Abstractions.Text;

namespace SmartCardFleet.Abstractions;

/// <summary>
/// Hexadecimal text ↔ bytes, in the forms operators paste from tools and logs:
/// <c>3B8F80</c>, <c>3B 8F 80</c>, <c>3B:8F:80</c> or <c>3b-8f-80</c>.
/// </summary>
public static class Hex
{
    /// <summary>
    /// Parses hexadecimal text. Spaces, tabs, colons and dashes between digits are ignored;
    /// upper and lower case digits are accepted.
    /// </summary>
    /// <param name="text">The text to parse; empty (or only separators) yields an empty array.</param>
    /// <returns>The decoded bytes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException">
    /// A character is neither a hex digit nor a separator (the message names it and its position), or the
    /// number of digits is odd.
    /// </exception>
    public static byte[] Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!TryParseCore(text, out var bytes, out var error))
        {
            throw new FormatException(error);
        }

        return bytes;
    }

    /// <summary>Parses hexadecimal text like <see cref="Parse"/> without throwing.</summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="bytes">The decoded bytes when the text is valid; otherwise null.</param>
    /// <returns>True when the text is valid hex.</returns>
    public static bool TryParse(string? text, [NotNullWhen(true)] out byte[]? bytes)
    {
        if (text is null)
        {
            bytes = null;
            return false;
        }

        return TryParseCore(text, out bytes, out _);
    }

    /// <summary>Formats bytes as upper-case hex, optionally with a separator between bytes.</summary>
    /// <param name="bytes">The bytes to format.</param>
    /// <param name="separator">Placed between bytes (for example <c>' '</c> or <c>':'</c>); null for none.</param>
    /// <returns>For example <c>3B8F80</c>, or <c>3B:8F:80</c> with a colon separator.</returns>
    public static string Format(ReadOnlySpan<byte> bytes, char? separator = null)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        if (separator is null)
        {
            return Convert.ToHexString(bytes);
        }

        var sep = separator.Value;
        return string.Create(bytes.Length * 3 - 1, (sep, bytes.ToArray()), static (span, state) =>
        {
            const string digits = "0123456789ABCDEF";
            var (s, data) = state;
            for (var i = 0; i < data.Length; i++)
            {
                var at = i * 3;
                span[at] = digits[data[i] >> 4];
                span[at + 1] = digits[data[i] & 0x0F];
                if (at + 2 < span.Length)
                {
                    span[at + 2] = s;
                }
            }
        });
    }

    private static bool TryParseCore(string text, [NotNullWhen(true)] out byte[]? bytes, out string error)
    {
        var output = new List<byte>(text.Length / 2);
        var high = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is ' ' or '\t' or ':' or '-' or '\r' or '\n')
            {
                continue;
            }

            var nibble = HexValue(c);
            if (nibble < 0)
            {
                bytes = null;
                error = $"Invalid hex character '{c}' at position {i} in \"{Bounded.Echo(text)}\"; only 0-9, A-F and the separators space, ':' and '-' are allowed.";
                return false;
            }

            if (high < 0)
            {
                high = nibble;
            }
            else
            {
                output.Add((byte)((high << 4) | nibble));
                high = -1;
            }
        }

        if (high >= 0)
        {
            bytes = null;
            error = $"Hex text \"{Bounded.Echo(text)}\" has an odd number of digits; every byte needs two digits.";
            return false;
        }

        bytes = [.. output];
        error = string.Empty;
        return true;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'F' => c - 'A' + 10,
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => -1,
    };
}
