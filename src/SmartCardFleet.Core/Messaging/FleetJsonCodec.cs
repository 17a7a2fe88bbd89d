using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;

namespace SmartCardFleet.Core.Messaging;

/// <summary>
/// The wire format of <see cref="IFleetWireMessage"/>s: UTF-8 JSON (System.Text.Json, camelCase, enums by name, bytes as
/// base64, ids as strings) beside a manifest from <see cref="WireManifests"/>. Unknown fields are ignored and missing
/// optional fields take their declared defaults, so adding an optional field keeps old and new peers compatible.
/// </summary>
internal sealed class FleetJsonCodec
{
    public FleetJsonCodec(WireManifests manifests)
    {
        Manifests = manifests ?? throw new ArgumentNullException(nameof(manifests));
        Options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            // Computed properties (Transmitted.Sw1, BatchTransmitted.FailedIndex, Attach.Transaction...) are derived on
            // arrival, not sent.
            IgnoreReadOnlyProperties = true,
            Converters =
            {
                new JsonStringEnumConverter(),
                new StringValueConverter<ReaderId>(id => id.Value, text => new ReaderId(text)),
                new StringValueConverter<SessionId>(id => id.Value.ToString("N"), text => new SessionId(Guid.ParseExact(text, "N"))),
                new StringValueConverter<TransactionId>(id => id.Value.ToString("N"), text => new TransactionId(Guid.ParseExact(text, "N"))),
                new ToReaderConverter(this),
            },
        };
    }

    public WireManifests Manifests { get; }

    internal JsonSerializerOptions Options { get; }

    public string Manifest(object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Manifests.TryManifest(message.GetType(), out var manifest)
            ? manifest
            : throw new SerializationException($"{message.GetType().FullName} has no wire manifest: register it in " +
                $"{nameof(WireManifests)} (docs/messages.md, how to add a message)");
    }

    public byte[] Encode(object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        _ = Manifest(message);
        return JsonSerializer.SerializeToUtf8Bytes(message, message.GetType(), Options);
    }

    public object Decode(ReadOnlySpan<byte> json, string manifest) =>
        JsonSerializer.Deserialize(json, TypeOf(manifest), Options)
        ?? throw new SerializationException($"the message with manifest '{manifest}' is JSON null");

    internal Type TypeOf(string manifest) =>
        Manifests.TryType(manifest, out var type)
            ? type
            : throw new SerializationException($"unknown manifest '{manifest}': the sender runs a newer SmartCardFleet " +
                "with a message this station does not know");

    private sealed class StringValueConverter<T>(Func<T, string> format, Func<string, T> parse) : JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            parse(reader.GetString() ?? throw new JsonException($"{typeof(T).Name} must be a string"));

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(format(value));
    }

    /// <summary><see cref="ToReader"/> carries any reader message: it travels with its own manifest.</summary>
    private sealed class ToReaderConverter(FleetJsonCodec codec) : JsonConverter<ToReader>
    {
        public override ToReader Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            var readerId = new ReaderId(root.GetProperty("readerId").GetString()!);
            var type = codec.TypeOf(root.GetProperty("manifest").GetString()!);
            var message = root.GetProperty("message").Deserialize(type, options)
                ?? throw new JsonException("ToReader carries no message");
            return new ToReader(readerId, message);
        }

        public override void Write(Utf8JsonWriter writer, ToReader value, JsonSerializerOptions options)
        {
            if (value.Message is ILocalOnlyMessage)
            {
                throw LocalOnlySerializer.Refusal(value.Message.GetType());
            }

            writer.WriteStartObject();
            writer.WriteString("readerId", value.ReaderId.Value);
            writer.WriteString("manifest", codec.Manifest(value.Message));
            writer.WritePropertyName("message");
            JsonSerializer.Serialize(writer, value.Message, value.Message.GetType(), options);
            writer.WriteEndObject();
        }
    }
}
