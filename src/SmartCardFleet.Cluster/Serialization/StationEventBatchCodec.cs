using System.Runtime.Serialization;
using System.Text;
using SmartCardFleet.Cluster.Events;
using SmartCardFleet.Core.Events;
using AkkaSerialization = Akka.Serialization.Serialization;

namespace SmartCardFleet.Cluster.Serialization;

/// <summary>
/// A <see cref="StationEventBatch"/> as a binary frame: format version, station name, event count, then per event the
/// id of the serializer that wrote it, its manifest and its bytes. Each event goes through the serializer the
/// ActorSystem binds to its type (Core's fleet JSON serializer for every IFleetEvent), so an event looks the same inside a
/// batch as on its own, and the batch adds no second description of the events. Reading is bounded by
/// <see cref="MaxEvents"/> and by the frame's own length.
/// </summary>
internal static class StationEventBatchCodec
{
    /// <summary>Far above the publisher's batch size (512): a frame claiming more is refused before anything is allocated.</summary>
    public const int MaxEvents = 4096;

    private const byte FormatVersion = 1;

    public static byte[] Encode(AkkaSerialization serialization, StationEventBatch batch)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(FormatVersion);
            writer.Write(batch.Station);
            writer.Write(batch.Events.Count);
            foreach (var fleetEvent in batch.Events)
            {
                var serializer = serialization.FindSerializerFor(fleetEvent);
                var bytes = serializer.ToBinary(fleetEvent);
                writer.Write(serializer.Identifier);
                writer.Write(AkkaSerialization.ManifestFor(serializer, fleetEvent));
                writer.Write(bytes.Length);
                writer.Write(bytes);
            }
        }

        return stream.ToArray();
    }

    public static StationEventBatch Decode(AkkaSerialization serialization, byte[] frame)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(frame, writable: false), Encoding.UTF8);
            if (reader.ReadByte() is var version && version != FormatVersion)
            {
                throw new SerializationException($"event batch format {version} is unknown: the sender runs a newer SmartCardFleet");
            }

            var station = reader.ReadString();
            var count = reader.ReadInt32();
            if (count is < 0 or > MaxEvents)
            {
                throw new SerializationException($"an event batch claims {count} events (at most {MaxEvents})");
            }

            var events = new List<IFleetEvent>(count);
            for (var i = 0; i < count; i++)
            {
                var serializerId = reader.ReadInt32();
                var manifest = reader.ReadString();
                var length = reader.ReadInt32();
                if (length < 0 || length > frame.Length - reader.BaseStream.Position)
                {
                    throw new SerializationException($"event {i} of a batch claims {length} bytes, past the frame's end");
                }

                events.Add(serialization.Deserialize(reader.ReadBytes(length), serializerId, manifest) as IFleetEvent
                    ?? throw new SerializationException($"event {i} of a batch (manifest '{manifest}') is not a fleet event"));
            }

            return new StationEventBatch(station, events);
        }
        catch (EndOfStreamException e)
        {
            throw new SerializationException("an event batch ends early", e);
        }
    }
}
