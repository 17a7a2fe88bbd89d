using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmartCardFleet.Abstractions.Apdu;

/// <summary>JSON for <see cref="ResponseApdu"/> as one hex string: data followed by SW1 SW2.</summary>
public sealed class ResponseApduJsonConverter : JsonConverter<ResponseApdu>
{
    /// <summary>Reads a hex string into a response.</summary>
    /// <param name="reader">The JSON reader.</param>
    /// <param name="typeToConvert">Always <see cref="ResponseApdu"/>.</param>
    /// <param name="options">Serializer options (unused).</param>
    /// <returns>The response.</returns>
    /// <exception cref="JsonException">Not a string or shorter than two bytes.</exception>
    public override ResponseApdu Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String
            ? reader.GetString()!
            : throw new JsonException($"A response APDU must be a hex JSON string; got {reader.TokenType}.");
        try
        {
            return ResponseApdu.Parse(Hex.Parse(text));
        }
        catch (FormatException ex)
        {
            throw new JsonException($"Invalid response APDU \"{text}\": {ex.Message}", ex);
        }
    }

    /// <summary>Writes data and status word as spaced hex.</summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="value">The response.</param>
    /// <param name="options">Serializer options (unused).</param>
    public override void Write(Utf8JsonWriter writer, ResponseApdu value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStringValue(Hex.Format(value.ToBytes(), ' '));
    }
}
