using SmartCardFleet.VirtualCards.Fleet;

namespace SmartCardFleet.Integration.Tests.Fleet;

/// <summary>The fleet layout is pure data: checked without a daemon.</summary>
public sealed class VpcdFleetLayoutTests
{
    private readonly VpcdFleetLayout _layout = new();

    [Fact]
    public void Eight_entries_of_two_slots_make_16_readers_on_ports_35963_to_35978()
    {
        Assert.Equal(16, _layout.Readers.Count);
        Assert.Equal(Enumerable.Range(35963, 16), _layout.Readers.Select(r => r.Port));
        Assert.Equal(Enumerable.Range(0, 16), _layout.Readers.Select(r => r.Index));
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
            "DEVICENAME   /dev/null:0x8C81\n" +
            "LIBPATH      /tmp/fleet/libifdvpcd3.so\n" +
            "CHANNELID    0x8C81\n",
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
