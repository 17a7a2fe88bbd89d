using System.Runtime.Serialization;
using Akka.Serialization;
using Akka.TestKit.Xunit2;
using SmartCardFleet.Cluster.Directory;
using SmartCardFleet.Cluster.Events;
using SmartCardFleet.Cluster.Serialization;
using SmartCardFleet.Cluster.Topology;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Messaging;

namespace SmartCardFleet.Cluster.Tests.Serialization;

/// <summary>Every cluster message goes through the serializer Akka picks for it, as it would to another node, and comes
/// back unchanged; an event batch carries every kind of fleet event; a damaged frame is refused with a clear error.</summary>
public sealed class ClusterWireSerializerSpecs() : TestKit(ClusterSerializationConfig)
{
    private static readonly Akka.Configuration.Config ClusterSerializationConfig =
        Akka.Configuration.ConfigurationFactory.ParseString($$"""
            akka.actor {
              serializers.smartcardfleet-cluster = "{{typeof(ClusterWireSerializer).AssemblyQualifiedName}}"
              serialization-bindings { "{{typeof(IClusterWireMessage).AssemblyQualifiedName}}" = smartcardfleet-cluster }
              serialization-settings.allow-unregistered-types = false
            }
            """).WithFallback(FleetSerialization.Config);

    [Fact]
    public void Every_cluster_wire_message_type_has_a_manifest_and_no_two_share_one()
    {
        var types = typeof(ClusterWireSerializer).Assembly.GetTypes()
            .Where(t => typeof(IClusterWireMessage).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false });

        Assert.Equal(types.OrderBy(t => t.FullName), ClusterManifests.ByType.Keys.OrderBy(t => t.FullName));
        Assert.Equal(ClusterManifests.ByType.Count, ClusterManifests.ByType.Values.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void A_directory_entry_round_trips_with_its_readers_uid_role_and_version()
    {
        var entry = new DirectoryEntry("kiosk-1", "akka.tcp://fleet@10.0.0.5:4053", -8_123_456_789_012L, NodeRole.Console, "1.4.0",
            [new DirectoryReader(new ReaderId("virtual-pcd-0-00"), "Virtual PCD 00 00"), new DirectoryReader(new ReaderId("acs-0"), "ACS ACR122U 0")]);

        var copy = Assert.IsType<DirectoryEntry>(RoundTrip(entry));

        Assert.Equal(entry with { Readers = copy.Readers }, copy);
        Assert.Equal(entry.Readers, copy.Readers);
    }

    [Fact]
    public void A_batch_of_every_fleet_event_round_trips_in_order_each_event_as_Core_writes_it()
    {
        var batch = new StationEventBatch("kiosk-2", EveryFleetEvent.All);

        var copy = Assert.IsType<StationEventBatch>(RoundTrip(batch));

        Assert.Equal("kiosk-2", copy.Station);
        Assert.Equal(batch.Events.Select(e => e.GetType()), copy.Events.Select(e => e.GetType()));
        Assert.Equal(batch.Events.Select(Json), copy.Events.Select(Json));
    }

    [Fact]
    public void The_event_list_of_the_batch_spec_misses_no_fleet_event_type()
    {
        var published = typeof(IFleetEvent).Assembly.GetTypes()
            .Where(t => typeof(IFleetEvent).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false });

        Assert.Equal(published.OrderBy(t => t.FullName), EveryFleetEvent.All.Select(e => e.GetType()).OrderBy(t => t.FullName));
    }

    [Fact]
    public void The_cluster_serializer_has_its_own_stable_id()
    {
        Assert.Equal(613, Sys.Serialization.FindSerializerFor(new StationEventBatch("a", [])).Identifier);
    }

    [Theory]
    [InlineData(new byte[] { 2, 1, 0x61, 0, 0, 0, 0 }, "format 2")]
    [InlineData(new byte[] { 1, 1, 0x61, 0xFF, 0xFF, 0, 0 }, "claims")]
    [InlineData(new byte[] { 1, 1, 0x61, 1, 0, 0, 0, 0x63 }, "ends early")]
    public void A_damaged_batch_frame_is_refused_naming_the_problem(byte[] frame, string problem)
    {
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerForType(typeof(StationEventBatch));

        var error = Assert.Throws<SerializationException>(() => serializer.FromBinary(frame, "cluster.station-event-batch"));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_manifest_is_refused_saying_the_sender_is_newer()
    {
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerForType(typeof(StationEventBatch));

        var error = Assert.Throws<SerializationException>(() => serializer.FromBinary([], "cluster.something-new"));

        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
    }

    private object RoundTrip(object message)
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        Assert.IsType<ClusterWireSerializer>(serializer);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        return Sys.Serialization.Deserialize(serializer.ToBinary(message), serializer.Identifier, manifest);
    }

    /// <summary>An event as Core's serializer writes it: equal text means equal content, byte arrays included.</summary>
    private string Json(IFleetEvent fleetEvent) => Convert.ToBase64String(Sys.Serialization.FindSerializerFor(fleetEvent).ToBinary(fleetEvent));
}
