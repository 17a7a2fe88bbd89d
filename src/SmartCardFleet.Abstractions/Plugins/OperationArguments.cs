using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmartCardFleet.Abstractions.Text;

namespace SmartCardFleet.Abstractions.Plugins;

/// <summary>
/// Typed reads of an operation's JSON arguments. Every problem becomes a
/// <see cref="CardOperationException"/> of kind <see cref="CardOperationError.InvalidArgument"/> naming the argument,
/// so a bad request always gets a clear answer.
/// </summary>
public sealed class OperationArguments
{
    /// <summary>Wraps the arguments object (null is treated as empty).</summary>
    /// <param name="json">The arguments.</param>
    public OperationArguments(JsonObject? json)
    {
        Json = json ?? [];
    }

    /// <summary>The raw arguments.</summary>
    public JsonObject Json { get; }

    /// <summary>Whether the argument is present and not null.</summary>
    /// <param name="name">The argument name.</param>
    /// <returns>True when present.</returns>
    public bool Has(string name) => Json[name] is not null;

    /// <summary>A required string argument.</summary>
    /// <param name="name">The argument name.</param>
    /// <returns>The value.</returns>
    public string GetString(string name) => ReadString(name, Required(name), "a string");

    /// <summary>An optional string argument.</summary>
    /// <param name="name">The argument name.</param>
    /// <returns>The value, or null when absent.</returns>
    public string? GetOptionalString(string name) => Json[name] is { } node ? ReadString(name, node, "a string") : null;

    /// <summary>A required integer argument within a range.</summary>
    /// <param name="name">The argument name.</param>
    /// <param name="min">Smallest allowed value.</param>
    /// <param name="max">Largest allowed value.</param>
    /// <returns>The value.</returns>
    public int GetInt32(string name, int min = int.MinValue, int max = int.MaxValue) => ReadInt32(name, Required(name), min, max);

    /// <summary>An optional integer argument within a range.</summary>
    /// <param name="name">The argument name.</param>
    /// <param name="defaultValue">Returned when absent.</param>
    /// <param name="min">Smallest allowed value.</param>
    /// <param name="max">Largest allowed value.</param>
    /// <returns>The value or the default.</returns>
    public int GetOptionalInt32(string name, int defaultValue, int min = int.MinValue, int max = int.MaxValue) =>
        Json[name] is { } node ? ReadInt32(name, node, min, max) : defaultValue;

    /// <summary>A boolean argument; required unless a default is given.</summary>
    /// <param name="name">The argument name.</param>
    /// <param name="defaultValue">Returned when absent; null makes the argument required.</param>
    /// <returns>The value.</returns>
    public bool GetBoolean(string name, bool? defaultValue = null)
    {
        var node = Json[name];
        if (node is null)
        {
            return defaultValue ?? throw CardOperationException.InvalidArgument(name, "is missing");
        }

        return node.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            var kind => throw CardOperationException.InvalidArgument(name, $"must be true or false, not {Describe(kind)}"),
        };
    }

    /// <summary>A required hex-string argument (spaces, colons and dashes allowed).</summary>
    /// <param name="name">The argument name.</param>
    /// <returns>The decoded bytes.</returns>
    public byte[] GetHex(string name) => ReadHex(name, Required(name));

    /// <summary>An optional hex-string argument.</summary>
    /// <param name="name">The argument name.</param>
    /// <returns>The decoded bytes, or null when absent.</returns>
    public byte[]? GetOptionalHex(string name) => Json[name] is { } node ? ReadHex(name, node) : null;

    /// <summary>A required secret argument (a JSON string such as a PIN); the caller disposes the secret.</summary>
    /// <param name="name">The argument name.</param>
    /// <returns>The secret.</returns>
    public Secret GetSecret(string name) => ReadSecret(name, Required(name));

    /// <summary>An optional secret argument; the caller disposes the secret.</summary>
    /// <param name="name">The argument name.</param>
    /// <returns>The secret, or null when absent.</returns>
    public Secret? GetOptionalSecret(string name) => Json[name] is { } node ? ReadSecret(name, node) : null;

    private JsonNode Required(string name) =>
        Json[name] ?? throw CardOperationException.InvalidArgument(name, "is missing");

    private static string ReadString(string name, JsonNode node, string expected) =>
        node.GetValueKind() == JsonValueKind.String
            ? node.GetValue<string>()
            : throw CardOperationException.InvalidArgument(name, $"must be {expected}, not {Describe(node.GetValueKind())}");

    private static int ReadInt32(string name, JsonNode node, int min, int max)
    {
        if (node.GetValueKind() != JsonValueKind.Number)
        {
            throw CardOperationException.InvalidArgument(name, $"must be an integer, not {Describe(node.GetValueKind())}");
        }

        // Nodes may wrap int, long, double or a parsed JsonElement; the JSON text is the common ground.
        var text = node.ToJsonString();
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw CardOperationException.InvalidArgument(name, $"must be an integer, not {Bounded.Echo(text)}");
        }

        return value < min || value > max
            ? throw CardOperationException.InvalidArgument(name, $"must be between {min} and {max}, not {value}")
            : (int)value;
    }

    private static byte[] ReadHex(string name, JsonNode node)
    {
        var text = ReadString(name, node, "a hex string");
        try
        {
            return Hex.Parse(text);
        }
        catch (FormatException ex)
        {
            throw CardOperationException.InvalidArgument(name, $"is not valid hex: {ex.Message.TrimEnd('.')}");
        }
    }

    // Never echo the value: the message of a bad secret must not leak it.
    private static Secret ReadSecret(string name, JsonNode node) =>
        node.GetValueKind() == JsonValueKind.String
            ? Secret.FromUtf8(node.GetValue<string>())
            : throw CardOperationException.InvalidArgument(name, $"must be a string, not {Describe(node.GetValueKind())}");

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => "null",
    };
}
