using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmartCardFleet.Abstractions;

/// <summary>
/// JSON for <see cref="Secret"/>: writes <c>"***"</c> (never the content); reads a JSON string as UTF-8 secret bytes.
/// </summary>
public sealed class SecretJsonConverter : JsonConverter<Secret>
{
    /// <summary>Reads a JSON string into a new secret.</summary>
    /// <param name="reader">The JSON reader.</param>
    /// <param name="typeToConvert">Always <see cref="Secret"/>.</param>
    /// <param name="options">Serializer options (unused).</param>
    /// <returns>The secret.</returns>
    /// <exception cref="JsonException">The token is not a string.</exception>
    public override Secret Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"A secret must be a JSON string; got {reader.TokenType}.");
        }

        var bytes = new byte[reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length];
        try
        {
            var written = reader.CopyString(bytes);
            return new Secret(bytes.AsSpan(0, written));
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Writes the redaction marker <c>"***"</c>.</summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="value">The secret (its content is not used).</param>
    /// <param name="options">Serializer options (unused).</param>
    public override void Write(Utf8JsonWriter writer, Secret value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(Secret.Redacted);
    }
}
