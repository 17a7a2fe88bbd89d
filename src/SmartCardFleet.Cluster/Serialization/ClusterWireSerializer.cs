using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using SmartCardFleet.Cluster.Directory;
using SmartCardFleet.Cluster.Events;

namespace SmartCardFleet.Cluster.Serialization;

/// <summary>Akka serializer of every <see cref="IClusterWireMessage"/>: the directory entry as JSON
/// (<see cref="DirectoryEntryCodec"/>), an event batch as a small binary frame whose events go through the serializer
/// the ActorSystem binds to them (<see cref="StationEventBatchCodec"/>; Core's fleet JSON serializer for IFleetEvent).</summary>
public sealed class ClusterWireSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>Stable: a peer finds this serializer by the id that travels with each message (611 and 612 are Core's).</summary>
    public const int Id = 613;

    public override int Identifier => Id;

    public override string Manifest(object o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return ClusterManifests.ByType.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new SerializationException($"{o.GetType().FullName} has no cluster manifest: register it in {nameof(ClusterManifests)}");
    }

    public override byte[] ToBinary(object obj) => obj switch
    {
        DirectoryEntry entry => DirectoryEntryCodec.Encode(entry),
        StationEventBatch batch => StationEventBatchCodec.Encode(system.Serialization, batch),
        _ => throw new SerializationException($"{obj?.GetType().FullName} is not a cluster wire message"),
    };

    public override object FromBinary(byte[] bytes, string manifest) => manifest switch
    {
        ClusterManifests.DirectoryEntry => DirectoryEntryCodec.Decode(bytes),
        ClusterManifests.StationEventBatch => StationEventBatchCodec.Decode(system.Serialization, bytes),
        _ => throw new SerializationException($"unknown cluster manifest '{manifest}': the sender runs a newer SmartCardFleet"),
    };
}
