using SmartCardFleet.Pcsc.Interop.Windows;

namespace SmartCardFleet.Pcsc.Tests.Interop;

public sealed class WinSCardMappingTests
{
    [Fact]
    public void Raw_is_0x10000_on_windows_and_0x4_in_our_enum()
    {
        Assert.Equal(0x00010000u, WinSCardMappings.ToNativeProtocol(CardProtocol.Raw));
        Assert.Equal(CardProtocol.Raw, WinSCardMappings.FromNativeProtocol(0x00010000));
    }

    [Theory]
    [InlineData(CardProtocol.T0, 1u)]
    [InlineData(CardProtocol.T1, 2u)]
    [InlineData(CardProtocol.Any, 3u)]
    [InlineData(CardProtocol.Undefined, 0u)]
    [InlineData(CardProtocol.T1 | CardProtocol.Raw, 0x00010002u)]
    public void Transmission_protocols_map_both_ways(CardProtocol ours, uint native)
    {
        Assert.Equal(native, WinSCardMappings.ToNativeProtocol(ours));
        Assert.Equal(ours, WinSCardMappings.FromNativeProtocol(native));
    }

    [Theory]
    [InlineData(0u, CardState.Unknown)]
    [InlineData(1u, CardState.Absent)]
    [InlineData(2u, CardState.Present)]
    [InlineData(3u, CardState.Present | CardState.Swallowed)]
    [InlineData(4u, CardState.Present | CardState.Swallowed | CardState.Powered)]
    [InlineData(5u, CardState.Present | CardState.Swallowed | CardState.Powered | CardState.Negotiable)]
    [InlineData(6u, CardState.Present | CardState.Swallowed | CardState.Powered | CardState.Specific)]
    [InlineData(99u, CardState.Unknown)]
    public void Ordinal_card_states_become_cumulative_pcsc_lite_flags(uint ordinal, CardState expected) =>
        Assert.Equal(expected, WinSCardMappings.MapCardState(ordinal));
}
