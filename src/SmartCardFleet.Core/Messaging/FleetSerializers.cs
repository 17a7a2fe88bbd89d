using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;

namespace SmartCardFleet.Core.Messaging;

/// <summary>Akka serializer of every <see cref="IFleetWireMessage"/> (<see cref="FleetJsonCodec"/> over
/// <see cref="WireManifests.Fleet"/>). Bound by <see cref="FleetSerialization.Config"/>.</summary>
public sealed class FleetJsonSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>Stable: a peer finds this serializer by the id that travels with each message.</summary>
    public const int Id = 611;

    private static readonly FleetJsonCodec Codec = new(WireManifests.Fleet);

    public override int Identifier => Id;

    public override string Manifest(object o) => Codec.Manifest(o);

    public override byte[] ToBinary(object obj) => Codec.Encode(obj);

    public override object FromBinary(byte[] bytes, string manifest) => Codec.Decode(bytes, manifest);
}

/// <summary>Refuses every <see cref="ILocalOnlyMessage"/>: such a message means nothing in another process, so sending
/// it there is a bug that must fail where it is made, naming the message.</summary>
public sealed class LocalOnlySerializer(ExtendedActorSystem system) : Serializer(system)
{
    public const int Id = 612;

    public override int Identifier => Id;

    public override bool IncludeManifest => false;

    public override byte[] ToBinary(object obj) => throw Refusal(obj?.GetType());

    public override object FromBinary(byte[] bytes, Type type) =>
        throw new SerializationException($"{type?.FullName ?? "a message"} is in-process only ({nameof(ILocalOnlyMessage)}) " +
            "and cannot arrive from another process.");

    /// <summary>The error for sending <paramref name="type"/> out of the process (also when it rides in a ToReader).</summary>
    internal static SerializationException Refusal(Type? type) =>
        new($"{type?.FullName} is an in-process message ({nameof(ILocalOnlyMessage)}): it carries a native handle, a plugin " +
            "instance or an actor's own bookkeeping, which mean nothing in another process. Send a wire message instead " +
            "(e.g. Attach, not AttachByHandle).");
}
