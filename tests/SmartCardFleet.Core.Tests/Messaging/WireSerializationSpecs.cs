using System.Runtime.Serialization;
using Akka.Serialization;
using Akka.TestKit.Xunit2;
using SmartCardFleet.Core.Messaging;
using SmartCardFleet.Core.Readers;

namespace SmartCardFleet.Core.Tests.Messaging;

/// <summary>Every message found by <see cref="WireMessageCatalog"/> goes through the serializer Akka picks for it, as it
/// would to another process: wire messages through <see cref="FleetJsonSerializer"/> and back unchanged, local-only ones
/// refused with an error that names them. A message without a marker or a manifest fails here.</summary>
public sealed class WireSerializationSpecs() : TestKit(FleetSerialization.Config)
{
    [Theory]
    [MemberData(nameof(WireMessages))]
    public void A_wire_message_round_trips_through_the_fleet_serializer_unchanged(string typeName)
    {
        var message = SampleMessages.Create(WireMessageCatalog.Named(typeName));

        var serializer = Sys.Serialization.FindSerializerFor(message);
        Assert.IsType<FleetJsonSerializer>(serializer);
        var manifest = Serialization.ManifestFor(serializer, message);
        var copy = Sys.Serialization.Deserialize(serializer.ToBinary(message), serializer.Identifier, manifest);

        StructuralAssert.Equal(message, copy);
    }

    [Theory]
    [MemberData(nameof(LocalOnlyMessages))]
    public void A_local_only_message_is_refused_with_an_error_naming_it(string typeName)
    {
        var type = WireMessageCatalog.Named(typeName);

        var serializer = Sys.Serialization.FindSerializerForType(type);
        Assert.IsType<LocalOnlySerializer>(serializer);
        var error = Assert.Throws<SerializationException>(() => serializer.ToBinary(
            System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(type)));
        Assert.Contains(type.FullName!, error.Message, StringComparison.Ordinal);
        Assert.Contains("in-process", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AttachByHandle_is_refused_also_inside_ToReader_and_the_error_says_to_send_Attach(bool enveloped)
    {
        object message = enveloped ? new Core.Fleet.ToReader(new Core.Fleet.ReaderId("virtual-pcd-1"), new AttachByHandle(42)) : new AttachByHandle(42);

        var error = Assert.Throws<SerializationException>(() => Sys.Serialization.FindSerializerFor(message).ToBinary(message));

        Assert.Contains(typeof(AttachByHandle).FullName!, error.Message, StringComparison.Ordinal);
        Assert.Contains("native handle", error.Message, StringComparison.Ordinal);
        Assert.Contains("Attach, not AttachByHandle", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_registered_manifest_names_a_discovered_message_and_no_two_share_one()
    {
        var registered = WireManifests.Fleet.Types.ToList();

        Assert.Empty(registered.Except(WireMessageCatalog.All));
        var manifests = registered.Select(t => WireManifests.Fleet.TryManifest(t, out var m) ? m : null).ToList();
        Assert.Equal(manifests.Count, manifests.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void The_catalog_finds_every_kind_of_message()
    {
        // Guards the reflection itself: if it found nothing, the theories above would prove nothing.
        Assert.Contains(typeof(Transmit), WireMessageCatalog.All);
        Assert.Contains(typeof(BatchTransmitted), WireMessageCatalog.All);
        Assert.Contains(typeof(Core.Fleet.CardsFound), WireMessageCatalog.All);
        Assert.Contains(typeof(Core.Events.ReaderBlocked), WireMessageCatalog.All);
        Assert.Contains(typeof(Core.Plugins.PluginCatalogStatus), WireMessageCatalog.All);
        Assert.Contains(typeof(AttachByHandle), WireMessageCatalog.All);
        Assert.True(WireMessageCatalog.All.Count >= 60, $"only {WireMessageCatalog.All.Count} message types found");
    }

    [Fact]
    public void An_unknown_manifest_is_a_clear_serialization_error()
    {
        var serializer = Sys.Serialization.FindSerializerFor(GetStatus.Instance);

        var error = Assert.Throws<SerializationException>(() =>
            Sys.Serialization.Deserialize("{}"u8.ToArray(), serializer.Identifier, "reader.teleport"));

        Assert.Contains("reader.teleport", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_message_without_marker_or_manifest_cannot_pass_the_round_trip_theory()
    {
        // Without the marker Akka falls back to its default serializer, which the theory's IsType rejects...
        Assert.IsNotType<FleetJsonSerializer>(Sys.Serialization.FindSerializerFor(new Unmarked(1)));
        // ...and with the marker but no manifest the fleet serializer refuses to write it.
        var error = Assert.Throws<SerializationException>(() => Sys.Serialization.FindSerializerFor(new Unregistered(1)).ToBinary(new Unregistered(1)));
        Assert.Contains("no wire manifest", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> WireMessages() => WireMessageCatalog.Wire();

    public static TheoryData<string> LocalOnlyMessages() => WireMessageCatalog.LocalOnly();

    private sealed record Unmarked(int Value);

    private sealed record Unregistered(int Value) : IFleetWireMessage;
}
