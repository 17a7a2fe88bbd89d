using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;
using SmartCardFleet.Cluster.Directory;
using SmartCardFleet.Core.Fleet;

namespace SmartCardFleet.Cluster.Serialization;

/// <summary>A <see cref="DirectoryEntry"/> as UTF-8 JSON (camelCase, enums by name, reader ids as strings). Unknown
/// fields are ignored, so a newer peer may add optional fields.</summary>
internal static class DirectoryEntryCodec
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false), new ReaderIdConverter() },
    };

    public static byte[] Encode(DirectoryEntry entry) => JsonSerializer.SerializeToUtf8Bytes(entry, Options);

    public static DirectoryEntry Decode(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize<DirectoryEntry>(json, Options) ?? throw new SerializationException("a directory entry is JSON null");
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            throw new SerializationException($"a directory entry could not be read: {e.Message}", e);
        }
    }

    private sealed class ReaderIdConverter : JsonConverter<ReaderId>
    {
        public override ReaderId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            new(reader.GetString() ?? throw new JsonException("a reader id must be a string"));

        public override void Write(Utf8JsonWriter writer, ReaderId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
    }
}
