using System.Globalization;
using System.Text.RegularExpressions;
using SmartCardFleet.Abstractions;

namespace SmartCardFleet.VirtualCards.Cards.Scripted;

/// <summary>
/// A scripted response: hex bytes with <c>{counter:NAME:BYTES}</c> placeholders that become the counter's value,
/// big-endian, in BYTES bytes (1 to 8; the lowest BYTES bytes when the value is larger).
/// </summary>
public sealed class ResponseTemplate
{
    private static readonly Regex Placeholder = new(@"\{counter:(?<name>[A-Za-z0-9._-]+):(?<bytes>[0-9]{1,3})\}", RegexOptions.CultureInvariant);

    private readonly IReadOnlyList<Part> _parts;

    private ResponseTemplate(IReadOnlyList<Part> parts)
    {
        _parts = parts;
        Length = parts.Sum(p => p.Length);
        Counters = [.. parts.OfType<CounterPart>().Select(p => p.Name).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The response's length in bytes (placeholders count their BYTES).</summary>
    public int Length { get; }

    /// <summary>The counters the response shows.</summary>
    public IReadOnlyList<string> Counters { get; }

    /// <summary>Parses a response; the message of a failure says what is wrong, without the field's name.</summary>
    public static bool TryParse(string text, out ResponseTemplate? template, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new List<Part>();
        var position = 0;
        foreach (Match placeholder in Placeholder.Matches(text))
        {
            if (!TryAddHex(text[position..placeholder.Index], parts, out error))
            {
                template = null;
                return false;
            }

            var bytes = int.Parse(placeholder.Groups["bytes"].Value, CultureInfo.InvariantCulture);
            if (bytes is < 1 or > 8)
            {
                (template, error) = (null, $"{placeholder.Value} shows the counter in {bytes} bytes; 1 to 8 are possible");
                return false;
            }

            parts.Add(new CounterPart(placeholder.Groups["name"].Value, bytes));
            position = placeholder.Index + placeholder.Length;
        }

        if (!TryAddHex(text[position..], parts, out error))
        {
            template = null;
            return false;
        }

        template = new ResponseTemplate(parts);
        return true;
    }

    /// <summary>The response with the counters' current values.</summary>
    public byte[] Render(IReadOnlyDictionary<string, long> counters)
    {
        ArgumentNullException.ThrowIfNull(counters);
        var response = new byte[Length];
        var offset = 0;
        foreach (var part in _parts)
        {
            part.Write(response.AsSpan(offset, part.Length), counters);
            offset += part.Length;
        }

        return response;
    }

    private static bool TryAddHex(string text, List<Part> parts, out string? error)
    {
        if (text.Contains('{', StringComparison.Ordinal) || text.Contains('}', StringComparison.Ordinal))
        {
            error = $"\"{text.Trim()}\" holds a brace that is not a placeholder {{counter:NAME:BYTES}}";
            return false;
        }

        if (!Hex.TryParse(text, out var bytes))
        {
            error = $"\"{text.Trim()}\" is not hex";
            return false;
        }

        if (bytes.Length > 0)
        {
            parts.Add(new BytesPart(bytes));
        }

        error = null;
        return true;
    }

    private abstract record Part(int Length)
    {
        public abstract void Write(Span<byte> target, IReadOnlyDictionary<string, long> counters);
    }

    private sealed record BytesPart(byte[] Bytes) : Part(Bytes.Length)
    {
        public override void Write(Span<byte> target, IReadOnlyDictionary<string, long> counters) => Bytes.CopyTo(target);
    }

    private sealed record CounterPart(string Name, int Bytes) : Part(Bytes)
    {
        public override void Write(Span<byte> target, IReadOnlyDictionary<string, long> counters)
        {
            var value = (ulong)counters[Name];
            for (var i = target.Length - 1; i >= 0; i--, value >>= 8)
            {
                target[i] = (byte)value;
            }
        }
    }
}
