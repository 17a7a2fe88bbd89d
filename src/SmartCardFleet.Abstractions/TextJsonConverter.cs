using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmartCardFleet.Abstractions;

/// <summary>
/// Base for the SDK's converters that store a value as one JSON string (hex, ATR patterns): one place decides
/// how a wrong token or an unparsable string becomes a <see cref="JsonException"/> that names the value and why.
/// </summary>
/// <typeparam name="T">The value type.</typeparam>
public abstract class TextJsonConverter<T> : JsonConverter<T>
    where T : class
{
    /// <summary>What the value is called in error messages, e.g. <c>"ATR pattern"</c>.</summary>
    protected abstract string ValueName { get; }

    /// <summary>An example of the expected string, shown when the token is not a string.</summary>
    protected abstract string Example { get; }

    /// <summary>Extra advice appended to parse errors (may be empty).</summary>
    protected virtual string ParseAdvice => string.Empty;

    /// <summary>Parses the string; throws <see cref="FormatException"/> or <see cref="ArgumentException"/> when invalid.</summary>
    /// <param name="text">The JSON string's content.</param>
    /// <returns>The value.</returns>
    protected abstract T ParseText(string text);

    /// <summary>Formats the value as the string to write.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    protected abstract string FormatText(T value);

    /// <summary>Reads a JSON string and parses it.</summary>
    /// <param name="reader">The JSON reader.</param>
    /// <param name="typeToConvert">The value type.</param>
    /// <param name="options">Serializer options (unused).</param>
    /// <returns>The value.</returns>
    /// <exception cref="JsonException">The token is not a string or the string is not valid.</exception>
    public sealed override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String
            ? reader.GetString()!
            : throw new JsonException($"A {ValueName} must be a JSON string like \"{Example}\"; got {reader.TokenType}.");
        try
        {
            return ParseText(text);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            throw new JsonException($"Invalid {ValueName} \"{text}\"{ParseAdvice}: {ex.Message}", ex);
        }
    }

    /// <summary>Writes the formatted string.</summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="value">The value.</param>
    /// <param name="options">Serializer options (unused).</param>
    public sealed override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStringValue(FormatText(value));
    }
}
