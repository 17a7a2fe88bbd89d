using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmartCardFleet.Abstractions.Apdu;

/// <summary>
/// JSON for <see cref="CommandApdu"/> as one hex string. Commands whose bodies carry secrets (see
/// <see cref="ApduRedactor"/>) are written in redacted form, so serialising an event or trace never leaks a PIN;
/// such strings cannot be read back.
/// </summary>
public sealed class CommandApduJsonConverter : JsonConverter<CommandApdu>
{
    /// <summary>Reads a hex string into a command.</summary>
    /// <param name="reader">The JSON reader.</param>
    /// <param name="typeToConvert">Always <see cref="CommandApdu"/>.</param>
    /// <param name="options">Serializer options (unused).</param>
    /// <returns>The command.</returns>
    /// <exception cref="JsonException">Not a string, redacted, or not a well-formed APDU.</exception>
    public override CommandApdu Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String
            ? reader.GetString()!
            : throw new JsonException($"A command APDU must be a hex JSON string; got {reader.TokenType}.");
        try
        {
            return CommandApdu.Parse(Hex.Parse(text));
        }
        catch (FormatException ex)
        {
            throw new JsonException($"Invalid command APDU \"{text}\" (redacted commands cannot be read back): {ex.Message}", ex);
        }
    }

    /// <summary>Writes the log-safe hex form.</summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="value">The command.</param>
    /// <param name="options">Serializer options (unused).</param>
    public override void Write(Utf8JsonWriter writer, CommandApdu value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(ApduRedactor.ForLog(value));
    }
}
