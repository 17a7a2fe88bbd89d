using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Plugins;
using SmartCardFleet.Abstractions.Text;
using SmartCardFleet.Core.Plugins;

namespace SmartCardFleet.Enrollment.Input;

/// <summary>Turns one argument value, from a JSON row or a CSV cell, into the JSON the plugin reads for its
/// <see cref="FieldType"/>, or says why it cannot. A message quotes a value only when the field is neither declared
/// secret nor named like one (<see cref="ArgumentRedaction.LooksSecret"/>), and then only its first characters.</summary>
public static class ArgumentValues
{
    /// <summary>Longest value (characters of the text, or of an object's or array's JSON) one argument may have: 2,048
    /// is 1 KiB of data in hex, far more than a card's personalisation field needs.</summary>
    public const int MaxValueLength = 2048;

    public static bool IsSecret(OperationFieldInfo field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.Type == FieldType.Secret || ArgumentRedaction.LooksSecret(field.Name);
    }

    /// <summary>A value of a JSON row.</summary>
    public static bool TryFromJson(OperationFieldInfo field, JsonNode value, out JsonNode converted, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(value);
        converted = value;
        var kind = value.GetValueKind();
        var text = kind == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
        if (TooLong(text, out problem))
        {
            return false;
        }

        problem = field.Type switch
        {
            FieldType.String or FieldType.Secret when kind != JsonValueKind.String => Expected(field, "a JSON string", kind),
            FieldType.Hex when kind != JsonValueKind.String => Expected(field, "a JSON string of hex digits", kind),
            FieldType.Hex => HexProblem(field, text),
            FieldType.Integer when kind != JsonValueKind.Number || !long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
                => Expected(field, "a JSON integer", kind),
            FieldType.Boolean when kind is not (JsonValueKind.True or JsonValueKind.False) => Expected(field, "true or false", kind),
            FieldType.Object when kind != JsonValueKind.Object => Expected(field, "a JSON object", kind),
            FieldType.Array when kind != JsonValueKind.Array => Expected(field, "a JSON array", kind),
            _ => null,
        };
        if (problem is null)
        {
            converted = value.DeepClone();
        }

        return problem is null;
    }

    /// <summary>A CSV cell (not empty: an empty cell is an absent argument). Integer: decimal digits with an optional
    /// sign; Boolean: true or false (any case); Hex: hex digits with optional separators; Object and Array: their JSON
    /// text; String and Secret: the text as it is.</summary>
    public static bool TryFromText(OperationFieldInfo field, string text, out JsonNode converted, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(text);
        converted = JsonValue.Create(text);
        if (TooLong(text, out problem))
        {
            return false;
        }

        switch (field.Type)
        {
            case FieldType.Integer:
                if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                {
                    problem = $"{Quote(field, text)} is not an integer (decimal digits, optionally signed)";
                    return false;
                }

                converted = JsonValue.Create(number);
                return true;
            case FieldType.Boolean:
                if (!bool.TryParse(text, out var flag) || text.Trim() != text)
                {
                    problem = $"{Quote(field, text)} is not true or false";
                    return false;
                }

                converted = JsonValue.Create(flag);
                return true;
            case FieldType.Hex:
                problem = HexProblem(field, text);
                return problem is null;
            case FieldType.Object or FieldType.Array:
                return TryJsonText(field, text, out converted, out problem);
            default:
                return true;
        }
    }

    private static bool TryJsonText(OperationFieldInfo field, string text, out JsonNode converted, out string? problem)
    {
        converted = JsonValue.Create(text);
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            parsed = null;
        }

        var wanted = field.Type == FieldType.Object ? JsonValueKind.Object : JsonValueKind.Array;
        if (parsed is null || parsed.GetValueKind() != wanted)
        {
            problem = $"{Quote(field, text)} is not a JSON {(field.Type == FieldType.Object ? "object ({...})" : "array ([...])")}";
            return false;
        }

        converted = parsed;
        problem = null;
        return true;
    }

    private static bool TooLong(string text, out string? problem)
    {
        problem = text.Length > MaxValueLength
            ? $"the value has {text.Length} characters; at most {MaxValueLength} are allowed"
            : null;
        return problem is not null;
    }

    private static string? HexProblem(OperationFieldInfo field, string text) =>
        Hex.TryParse(text, out _) ? null
            : $"{Quote(field, text)} is not hex: an even number of hex digits, optionally separated by spaces, ':' or '-'";

    private static string Expected(OperationFieldInfo field, string wanted, JsonValueKind got) =>
        $"expected {wanted} ({field.Type}), got a JSON {got.ToString().ToLowerInvariant()}";

    /// <summary>The value as an error quotes it: its first characters, or nothing for a secret.</summary>
    private static string Quote(OperationFieldInfo field, string text) =>
        IsSecret(field) ? "the value (not shown: secret)" : $"\"{Bounded.Echo(text)}\"";
}
