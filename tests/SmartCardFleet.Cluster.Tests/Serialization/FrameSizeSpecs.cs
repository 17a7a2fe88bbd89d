using Akka.TestKit.Xunit2;
using SmartCardFleet.Cluster.Directory;
using SmartCardFleet.Cluster.Hosting;
using SmartCardFleet.Cluster.Serialization;
using SmartCardFleet.Cluster.Topology;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Messaging;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Cluster.Tests.Serialization;

/// <summary>The largest messages a fleet sends fit in one remoting frame: a station's reader list of 2,500 readers (every
/// reader attached, with an ATR, a session and an error, the worst case) and the directory entry of such a station.</summary>
public sealed class FrameSizeSpecs() : TestKit(FleetSerialization.Config)
{
    private const int Readers = 2500;

    [Fact]
    public void A_reader_list_of_2500_attached_readers_fits_in_one_frame_and_would_not_in_Akkas_default()
    {
        var list = new ReaderList([.. Enumerable.Range(0, Readers).Select(Snapshot)], []);

        var size = Sys.Serialization.FindSerializerFor(list).ToBinary(list).Length;

        Assert.True(size < FleetClusterConfig.MaximumFrameSize / 2, $"{size} bytes against a {FleetClusterConfig.MaximumFrameSize}-byte frame");
        Assert.True(size > 128_000, $"{size} bytes: Akka's default frame would have carried it, so this spec proves nothing");
    }

    [Fact]
    public void The_directory_entry_of_a_2500_reader_station_fits_in_one_frame()
    {
        var entry = new DirectoryEntry("kiosk-1", "akka.tcp://fleet@10.0.0.5:4053", 1, NodeRole.Station, "1.0.0",
            [.. Enumerable.Range(0, Readers).Select(i => new DirectoryReader(Id(i), $"Virtual PCD {i:D4} 00"))]);

        var size = DirectoryEntryCodec.Encode(entry).Length;

        Assert.True(size < FleetClusterConfig.MaximumFrameSize / 8, $"{size} bytes");
    }

    private static ReaderId Id(int i) => new($"virtual-pcd-{i:D4}-00");

    private static ReaderSnapshot Snapshot(int i) => new(Id(i), $"Virtual PCD {i:D4} 00", ReaderState.Attached,
        [0x3B, 0x8F, 0x80, 0x01, 0x80, 0x4F, 0x0C, 0xA0, 0x00, 0x00, 0x03, 0x06, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x6A],
        CardProtocol.T1, ShareMode.Shared, new SessionId(Guid.NewGuid()), 12, "desk-2", true,
        new ReaderFailure(Id(i), ReaderFailureReason.Timeout, "the card did not answer within 5 s"));
}
