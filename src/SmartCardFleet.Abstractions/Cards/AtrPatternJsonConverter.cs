using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmartCardFleet.Abstractions.Cards;

/// <summary>JSON for <see cref="AtrPattern"/> as one string <c>"3B:8F:80:01/FF:FF:FF:00"</c> (mask optional).</summary>
public sealed class AtrPatternJsonConverter : JsonConverter<AtrPattern>
{
    /// <summary>Reads <c>"atr"</c> or <c>"atr/mask"</c>.</summary>
    /// <param name="reader">The JSON reader.</param>
    /// <param name="typeToConvert">Always <see cref="AtrPattern"/>.</param>
    /// <param name="options">Serializer options (unused).</param>
    /// <returns>The pattern.</returns>
    /// <exception cref="JsonException">The token is not a string or not a valid pattern.</exception>
    public override AtrPattern Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String
            ? reader.GetString()!
            : throw new JsonException($"An ATR pattern must be a JSON string like \"3B:02:14:50/FF:FF:FF:FF\"; got {reader.TokenType}.");
        try
        {
            return AtrPattern.Parse(text);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            throw new JsonException($"Invalid ATR pattern \"{text}\": {ex.Message}", ex);
        }
    }

    /// <summary>Writes <c>"atr/mask"</c>.</summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="value">The pattern.</param>
    /// <param name="options">Serializer options (unused).</param>
    public override void Write(Utf8JsonWriter writer, AtrPattern value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStringValue(value.ToString());
    }
}
