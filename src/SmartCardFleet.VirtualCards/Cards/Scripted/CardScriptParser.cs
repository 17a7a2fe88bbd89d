using System.Text;
using System.Text.Json;
using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Apdu;
using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Abstractions.Text;

namespace SmartCardFleet.VirtualCards.Cards.Scripted;

/// <summary>
/// Reads the card-script JSON (docs/card-scripts.md) and refuses anything it cannot play, naming the line of a JSON
/// syntax error or the field (<c>rules[3].respond</c>) of a content error. Every size is bounded: the file, the ATR,
/// the number of rules and counters, each pattern, response and name.
/// </summary>
public static class CardScriptParser
{
    private static readonly string[] TopFields = ["atr", "rules", "counters", "otherwise"];
    private static readonly string[] RuleFields = ["when", "respond", "onlyIn", "select", "increment"];
    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 8 };

    /// <summary>Reads and parses a script file.</summary>
    /// <exception cref="CardScriptException">The file is missing, too large or not a valid script.</exception>
    public static CardScript Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        FileInfo file = new(path);
        if (!file.Exists)
        {
            throw new CardScriptException($"{path}: no such file");
        }

        if (file.Length > CardScript.MaxFileBytes)
        {
            throw new CardScriptException($"{path}: {file.Length} bytes; a card script has at most {CardScript.MaxFileBytes} bytes");
        }

        try
        {
            return Parse(File.ReadAllText(path, Encoding.UTF8));
        }
        catch (CardScriptException ex)
        {
            throw new CardScriptException($"{path}: {ex.Message}", ex);
        }
    }

    /// <summary>Parses a script.</summary>
    /// <exception cref="CardScriptException">Not a valid script; the message names the line or field.</exception>
    public static CardScript Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (json.Length > CardScript.MaxFileBytes)
        {
            throw new CardScriptException($"the script has {json.Length} characters; a card script has at most {CardScript.MaxFileBytes}");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException ex)
        {
            throw new CardScriptException($"line {ex.LineNumber + 1}, column {ex.BytePositionInLine + 1}: not valid JSON ({FirstSentence(ex.Message)})", ex);
        }

        using (document)
        {
            return Read(document.RootElement);
        }
    }

    private static CardScript Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Problem("(top level)", $"must be a JSON object, not {Kind(root)}");
        }

        RefuseUnknownFields(root, "", TopFields);
        var atr = ReadAtr(root);
        var counters = ReadCounters(root);
        var rules = ReadRules(root, counters);
        var otherwise = root.TryGetProperty("otherwise", out var otherwiseField)
            ? ReadFixedResponse(otherwiseField, "otherwise")
            : StatusWords.Only(StatusWords.InstructionNotSupported);
        return new CardScript(atr, rules, counters, otherwise);
    }

    private static byte[] ReadAtr(JsonElement root)
    {
        if (!root.TryGetProperty("atr", out var field))
        {
            throw Problem("atr", "is missing: the card's answer to reset, for example \"3B 80 80 01 01\"");
        }

        var bytes = ReadHex(field, "atr");
        if (bytes.Length is < 2 or > CardScript.MaxAtrLength)
        {
            throw Problem("atr", $"has {bytes.Length} bytes; an ATR has 2 to {CardScript.MaxAtrLength}");
        }

        try
        {
            Atr.Parse(bytes);
            return bytes;
        }
        catch (FormatException ex)
        {
            throw Problem("atr", $"\"{Hex.Format(bytes, ' ')}\" is not a well-formed ATR: {ex.Message.TrimEnd('.')}");
        }
    }

    private static Dictionary<string, long> ReadCounters(JsonElement root)
    {
        var counters = new Dictionary<string, long>(StringComparer.Ordinal);
        if (!root.TryGetProperty("counters", out var field))
        {
            return counters;
        }

        if (field.ValueKind != JsonValueKind.Object)
        {
            throw Problem("counters", $"must be an object of name: initial value, not {Kind(field)}");
        }

        foreach (var counter in field.EnumerateObject())
        {
            var path = $"counters.{counter.Name}";
            RequireName(counter.Name, path, "a counter name");
            if (counters.Count == CardScript.MaxCounters)
            {
                throw Problem("counters", $"declares more than {CardScript.MaxCounters} counters");
            }

            if (counter.Value.ValueKind != JsonValueKind.Number || !counter.Value.TryGetInt32(out var initial) || initial < 0)
            {
                throw Problem(path, $"must be a whole number from 0 to {int.MaxValue}, not {counter.Value.GetRawText()}");
            }

            if (!counters.TryAdd(counter.Name, initial))
            {
                throw Problem(path, "is declared twice");
            }
        }

        return counters;
    }

    private static List<CardScriptRule> ReadRules(JsonElement root, Dictionary<string, long> counters)
    {
        if (!root.TryGetProperty("rules", out var field))
        {
            throw Problem("rules", "is missing: a list of { \"when\": pattern, \"respond\": hex } rules");
        }

        if (field.ValueKind != JsonValueKind.Array)
        {
            throw Problem("rules", $"must be a list, not {Kind(field)}");
        }

        var count = field.GetArrayLength();
        if (count > CardScript.MaxRules)
        {
            throw Problem("rules", $"has {count} rules; a card script has at most {CardScript.MaxRules}");
        }

        var rules = new List<CardScriptRule>(count);
        var index = 0;
        foreach (var rule in field.EnumerateArray())
        {
            rules.Add(ReadRule(rule, index++, counters));
        }

        return rules;
    }

    private static CardScriptRule ReadRule(JsonElement rule, int index, Dictionary<string, long> counters)
    {
        var path = $"rules[{index}]";
        if (rule.ValueKind != JsonValueKind.Object)
        {
            throw Problem(path, $"must be an object, not {Kind(rule)}");
        }

        RefuseUnknownFields(rule, path + ".", RuleFields);
        var when = ReadPattern(rule, path + ".when");
        var respond = ReadTemplate(rule, path + ".respond", counters);
        var onlyIn = ReadOptionalName(rule, "onlyIn", path, "an application name");
        var select = ReadOptionalName(rule, "select", path, "an application name");
        var increment = ReadOptionalName(rule, "increment", path, "a counter name");
        if (increment is not null && !counters.ContainsKey(increment))
        {
            throw Problem(path + ".increment", $"names the counter \"{increment}\", which \"counters\" does not declare");
        }

        return new CardScriptRule(index + 1, when, respond, onlyIn, select, increment);
    }

    private static ApduPattern ReadPattern(JsonElement rule, string path)
    {
        var text = RequireString(rule, path);
        if (!ApduPattern.TryParse(text, out var pattern, out var error))
        {
            throw Problem(path, $"\"{Bounded.Echo(text)}\" is not a command pattern: {error}");
        }

        return pattern.Length is >= 1 and <= CardScript.MaxCommandLength || (pattern.Length == 0 && pattern.AnyTail)
            ? pattern
            : throw Problem(path, pattern.Length == 0 ? "is empty; \"*\" matches every command" : $"spells out {pattern.Length} bytes; a command has at most {CardScript.MaxCommandLength}");
    }

    private static ResponseTemplate ReadTemplate(JsonElement rule, string path, Dictionary<string, long> counters)
    {
        var text = RequireString(rule, path);
        if (!ResponseTemplate.TryParse(text, out var template, out var error))
        {
            throw Problem(path, error!);
        }

        if (template!.Length is < 2 or > CardScript.MaxResponseLength)
        {
            throw Problem(path, $"is {template.Length} bytes long; a response has 2 (the status word) to {CardScript.MaxResponseLength} bytes");
        }

        return template.Counters.FirstOrDefault(c => !counters.ContainsKey(c)) is { } unknown
            ? throw Problem(path, $"shows the counter \"{unknown}\", which \"counters\" does not declare")
            : template;
    }

    private static byte[] ReadFixedResponse(JsonElement field, string path)
    {
        var bytes = ReadHex(field, path);
        return bytes.Length is >= 2 and <= CardScript.MaxResponseLength
            ? bytes
            : throw Problem(path, $"is {bytes.Length} bytes long; a response has 2 (the status word) to {CardScript.MaxResponseLength} bytes");
    }

    private static byte[] ReadHex(JsonElement field, string path)
    {
        if (field.ValueKind != JsonValueKind.String)
        {
            throw Problem(path, $"must be a hex string, not {Kind(field)}");
        }

        var text = field.GetString()!;
        return Hex.TryParse(text, out var bytes) ? bytes : throw Problem(path, $"\"{Bounded.Echo(text)}\" is not hex");
    }

    private static string? ReadOptionalName(JsonElement rule, string field, string path, string what)
    {
        if (!rule.TryGetProperty(field, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw Problem($"{path}.{field}", $"must be {what} (a string), not {Kind(value)}");
        }

        var name = value.GetString()!;
        RequireName(name, $"{path}.{field}", what);
        return name;
    }

    private static string RequireString(JsonElement rule, string path)
    {
        var field = path[(path.LastIndexOf('.') + 1)..];
        if (!rule.TryGetProperty(field, out var value))
        {
            throw Problem(path, "is missing");
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Problem(path, $"must be a string, not {Kind(value)}");
    }

    private static void RequireName(string name, string path, string what)
    {
        if (name.Length is 0 or > CardScript.MaxNameLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            throw Problem(path, $"\"{Bounded.Echo(name)}\" is not {what}: 1 to {CardScript.MaxNameLength} letters, digits, '.', '_' or '-'");
        }
    }

    private static void RefuseUnknownFields(JsonElement element, string prefix, string[] known)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                throw Problem(prefix + Bounded.Echo(property.Name), $"is not a field here; the fields are {string.Join(", ", known)}");
            }
        }
    }

    private static CardScriptException Problem(string path, string problem) => new($"{path}: {problem}");

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true/false",
        _ => "null",
    };

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message.TrimEnd('.') : message[..end];
    }
}
