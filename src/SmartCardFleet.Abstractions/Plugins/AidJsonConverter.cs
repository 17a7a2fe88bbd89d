using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmartCardFleet.Abstractions.Plugins;

/// <summary>JSON for <see cref="Aid"/> as a hex string.</summary>
public sealed class AidJsonConverter : JsonConverter<Aid>
{
    /// <summary>Reads a hex string.</summary>
    /// <param name="reader">The JSON reader.</param>
    /// <param name="typeToConvert">Always <see cref="Aid"/>.</param>
    /// <param name="options">Serializer options (unused).</param>
    /// <returns>The AID.</returns>
    /// <exception cref="JsonException">Not a string or not a valid AID.</exception>
    public override Aid Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String
            ? reader.GetString()!
            : throw new JsonException($"An AID must be a hex JSON string; got {reader.TokenType}.");
        try
        {
            return Aid.Parse(text);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            throw new JsonException($"Invalid AID \"{text}\": {ex.Message}", ex);
        }
    }

    /// <summary>Writes the hex string.</summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="value">The AID.</param>
    /// <param name="options">Serializer options (unused).</param>
    public override void Write(Utf8JsonWriter writer, Aid value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStringValue(value.ToString());
    }
}
