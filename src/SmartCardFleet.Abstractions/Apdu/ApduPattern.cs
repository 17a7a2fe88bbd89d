using System.Globalization;
using System.Text;

namespace SmartCardFleet.Abstractions.Apdu;

/// <summary>
/// A pattern over APDU bytes written as hex: <c>??</c> stands for any one byte and a trailing <c>*</c> for any
/// remaining bytes (none included). Separators as in <see cref="Hex.Parse"/> (spaces, tabs, colons, dashes) are
/// ignored. Examples: <c>00 A4 04 00 ??  *</c> (any SELECT by name), <c>80 CA 00 01 00</c> (exactly that command).
/// </summary>
/// <remarks>
/// Since SDK 1.2. The test kit's scripted channel and the scripted virtual card (<c>fleet vcard --script</c>) both
/// match commands with it, so a command pattern means the same in a test and in a card script.
/// </remarks>
public sealed class ApduPattern
{
    private readonly byte[] _bytes;
    private readonly bool[] _wild;

    private ApduPattern(byte[] bytes, bool[] wild, bool anyTail, string text)
    {
        _bytes = bytes;
        _wild = wild;
        AnyTail = anyTail;
        Text = text;
    }

    /// <summary>How many bytes the pattern spells out (wildcard bytes included, the trailing <c>*</c> not).</summary>
    public int Length => _bytes.Length;

    /// <summary>Whether the pattern ends with <c>*</c>: any number of further bytes match.</summary>
    public bool AnyTail { get; }

    /// <summary>The pattern in canonical form: upper-case bytes separated by spaces, for example <c>00 A4 ?? 00 *</c>.</summary>
    public string Text { get; }

    /// <summary>Parses a pattern.</summary>
    /// <param name="text">The pattern text.</param>
    /// <returns>The pattern.</returns>
    /// <exception cref="FormatException">The text is not a pattern; the message names the position and the problem.</exception>
    public static ApduPattern Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var pattern, out var error) ? pattern : throw new FormatException(error);
    }

    /// <summary>Parses a pattern without throwing.</summary>
    /// <param name="text">The pattern text.</param>
    /// <param name="pattern">The pattern when valid.</param>
    /// <param name="error">Why the text is not a pattern (position and problem) when invalid.</param>
    /// <returns>True when the text is a pattern.</returns>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ApduPattern? pattern,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        pattern = null;
        if (text is null)
        {
            error = "the pattern is missing";
            return false;
        }

        var bytes = new List<byte>();
        var wild = new List<bool>();
        var anyTail = false;
        int? half = null; // the high nibble read so far, -1 after a single '?', null between bytes
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is ' ' or '\t' or ':' or '-')
            {
                continue;
            }

            if (anyTail)
            {
                error = $"'*' must be the last thing in the pattern, but '{c}' follows it at position {i + 1}";
                return false;
            }

            if (c == '*')
            {
                if (half is not null)
                {
                    error = $"half a byte before '*' at position {i + 1}";
                    return false;
                }

                anyTail = true;
            }
            else if (c == '?')
            {
                if (half is -1)
                {
                    bytes.Add(0);
                    wild.Add(true);
                    half = null;
                }
                else if (half is null)
                {
                    half = -1;
                }
                else
                {
                    error = $"'?' at position {i + 1} follows a hex digit; a wildcard byte is '??'";
                    return false;
                }
            }
            else if (HexValue(c) is { } digit)
            {
                if (half is -1)
                {
                    error = $"hex digit '{c}' at position {i + 1} follows a single '?'; a wildcard byte is '??'";
                    return false;
                }

                if (half is { } high)
                {
                    bytes.Add((byte)((high << 4) | digit));
                    wild.Add(false);
                    half = null;
                }
                else
                {
                    half = digit;
                }
            }
            else
            {
                error = $"'{c}' at position {i + 1} is neither a hex digit, '??' nor a trailing '*'";
                return false;
            }
        }

        if (half is not null)
        {
            error = "the pattern ends in the middle of a byte (an odd number of hex digits or a single '?')";
            return false;
        }

        var byteArray = bytes.ToArray();
        var wildArray = wild.ToArray();
        pattern = new ApduPattern(byteArray, wildArray, anyTail, Format(byteArray, wildArray, anyTail));
        error = null;
        return true;
    }

    /// <summary>Whether <paramref name="apdu"/> matches the pattern.</summary>
    /// <param name="apdu">The APDU bytes.</param>
    /// <returns>True when every spelt-out byte is equal, and the lengths agree (or the pattern ends with <c>*</c>).</returns>
    public bool Matches(ReadOnlySpan<byte> apdu)
    {
        if (apdu.Length < _bytes.Length || (!AnyTail && apdu.Length != _bytes.Length))
        {
            return false;
        }

        for (var i = 0; i < _bytes.Length; i++)
        {
            if (!_wild[i] && apdu[i] != _bytes[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The canonical text (<see cref="Text"/>).</summary>
    /// <returns>The pattern as text.</returns>
    public override string ToString() => Text;

    private static int? HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'F' => c - 'A' + 10,
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => null,
    };

    private static string Format(byte[] bytes, bool[] wild, bool anyTail)
    {
        var text = new StringBuilder();
        for (var i = 0; i < bytes.Length; i++)
        {
            text.Append(i == 0 ? "" : " ").Append(wild[i] ? "??" : bytes[i].ToString("X2", CultureInfo.InvariantCulture));
        }

        return anyTail ? text.Append(bytes.Length == 0 ? "*" : " *").ToString() : text.ToString();
    }
}
