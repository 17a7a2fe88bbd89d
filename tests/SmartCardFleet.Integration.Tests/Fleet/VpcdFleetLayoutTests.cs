using System.Globalization;
using SmartCardFleet.VirtualCards.Fleet;

namespace SmartCardFleet.Integration.Tests.Fleet;

/// <summary>The fleet layout is pure data: checked without a daemon.</summary>
public sealed class VpcdFleetLayoutTests
{
    private readonly VpcdFleetLayout _layout = new();

    /// <summary>Linux's default ephemeral range (net.ipv4.ip_local_port_range) starts here.</summary>
    private const int LinuxEphemeralPortsStart = 32768;

    [Fact]
    public void Eight_entries_of_two_slots_make_16_readers_on_ports_30963_to_30978()
    {
        Assert.Equal(16, _layout.Readers.Count);
        Assert.Equal(Enumerable.Range(30963, 16), _layout.Readers.Select(r => r.Port));
        Assert.Equal(Enumerable.Range(0, 16), _layout.Readers.Select(r => r.Index));
    }

    /// <summary>A client socket of any program (an HTTP client under load) can take an ephemeral port; while it sits
    /// in TIME_WAIT on a vpcd port, a pcscd restarted then cannot listen there and loses that reader
    /// (docs/test-fleet.md, "Ports"). Checked against Linux's default range and against this machine's own.</summary>
    [Fact]
    public void Every_vpcd_port_lies_outside_the_ephemeral_port_range_so_no_client_socket_can_hold_it()
    {
        Assert.All(_layout.Readers, r => Assert.True(r.Port < LinuxEphemeralPortsStart, $"{r.ReaderName} listens on {r.Port}"));
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        if (File.Exists(range))
        {
            var bounds = File.ReadAllText(range).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(b => int.Parse(b, CultureInfo.InvariantCulture)).ToArray();
            Assert.All(_layout.Readers, r => Assert.False(r.Port >= bounds[0] && r.Port <= bounds[1],
                $"{r.ReaderName} listens on {r.Port}, inside this machine's ephemeral range {bounds[0]}-{bounds[1]}"));
        }
    }

    [Fact]
    public void Reader_names_follow_pcsc_lite_friendly_name_index_slot()
    {
        Assert.Equal("Virtual PCD 0 00 00", _layout.Reader(0).ReaderName);
        Assert.Equal("Virtual PCD 3 00 01", _layout.Reader(7).ReaderName);
        Assert.Equal(3, _layout.ReaderByName("Virtual PCD 3 00 01").Entry);
        Assert.Equal(1, _layout.ReaderByName("Virtual PCD 3 00 01").Slot);
    }

    [Fact]
    public void Each_entry_gets_its_own_driver_copy_and_its_slot_0_port_as_channel_id()
    {
        Assert.Equal(
            "FRIENDLYNAME \"Virtual PCD 3\"\n" +
            "DEVICENAME   /dev/null:0x78F9\n" +
            "LIBPATH      /tmp/fleet/libifdvpcd3.so\n" +
            "CHANNELID    0x78F9\n",
            _layout.ConfigEntry(3, "/tmp/fleet"));
        Assert.Equal(8, Enumerable.Range(0, 8).Select(VpcdFleetLayout.DriverFileName).Distinct().Count());
    }

    [Fact]
    public void When_more_than_8_entries_are_asked_for_the_layout_refuses_because_pcscd_serves_only_16_readers() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new VpcdFleetLayout(entryCount: 9));

    [Fact]
    public void When_a_name_is_not_in_the_fleet_lookup_fails_clearly()
    {
        var ex = Assert.Throws<ArgumentException>(() => _layout.ReaderByName("Virtual PCD 9 00 00"));
        Assert.Contains("not a reader of this fleet", ex.Message, StringComparison.Ordinal);
    }
}
