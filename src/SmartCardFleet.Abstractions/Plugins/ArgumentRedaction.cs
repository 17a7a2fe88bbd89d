using System.Text.Json;
using System.Text.Json.Nodes;

namespace SmartCardFleet.Abstractions.Plugins;

/// <summary>
/// How <see cref="OperationDescriptor.RedactArguments"/> makes operation arguments fit for a log. In this order:
/// an argument declared <see cref="FieldType.Secret"/>, or any member at any depth whose name contains one of
/// <see cref="SecretNameParts"/>, becomes <c>"***"</c>; an argument the descriptor does not declare shows only its JSON
/// kind (<c>"(undeclared string)"</c>), because nothing says what it holds; a declared object or array is copied
/// with the same name rule applied to every member inside it.
/// </summary>
public static class ArgumentRedaction
{
    /// <summary>Name parts (case-insensitive, anywhere in the member name) that mark a value as secret whatever its
    /// declared type: <c>pin</c>, <c>puk</c>, <c>pass</c> (password, passcode, passphrase), <c>pwd</c>, <c>secret</c>,
    /// <c>key</c>, <c>token</c>, <c>credential</c>, <c>otp</c>. A harmless name that matches (<c>mapping</c>) is hidden
    /// too: a log line with less in it is the cheaper mistake.</summary>
    public static IReadOnlyList<string> SecretNameParts { get; } = ["pin", "puk", "pass", "pwd", "secret", "key", "token", "credential", "otp"];

    /// <summary>Whether a member with this name is hidden whatever its declared type.</summary>
    /// <param name="name">The member name.</param>
    /// <returns>True when the name contains one of <see cref="SecretNameParts"/>.</returns>
    public static bool LooksSecret(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return SecretNameParts.Any(part => name.Contains(part, StringComparison.OrdinalIgnoreCase));
    }

    internal static JsonObject Redact(JsonObject? arguments, IReadOnlyDictionary<string, OperationField> declared)
    {
        var copy = new JsonObject();
        foreach (var (name, value) in arguments ?? [])
        {
            // "(undeclared string)", not "<...>": JSON writers escape < and > into unreadable \u003C.
            declared.TryGetValue(name, out var field);
            copy[name] = field?.Type == FieldType.Secret || LooksSecret(name) ? Secret.Redacted
                : field is null ? $"(undeclared {KindOf(value)})"
                : RedactInside(value);
        }

        return copy;
    }

    internal static JsonNode? RedactResult(JsonNode? result, IReadOnlyDictionary<string, OperationField> declared) => result switch
    {
        JsonObject members => new JsonObject(members.Select(member => KeyValuePair.Create(member.Key,
            (declared.TryGetValue(member.Key, out var field) && field.Type == FieldType.Secret) || LooksSecret(member.Key)
                ? JsonValue.Create(Secret.Redacted)
                : RedactInside(member.Value)))),
        _ => RedactInside(result),
    };

    private static JsonNode? RedactInside(JsonNode? value) => value switch
    {
        JsonObject members => new JsonObject(members.Select(member => KeyValuePair.Create(member.Key,
            LooksSecret(member.Key) ? JsonValue.Create(Secret.Redacted) : RedactInside(member.Value)))),
        JsonArray items => new JsonArray([.. items.Select(RedactInside)]),
        _ => value?.DeepClone(),
    };

    private static string KindOf(JsonNode? value) => value?.GetValueKind() switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };
}
