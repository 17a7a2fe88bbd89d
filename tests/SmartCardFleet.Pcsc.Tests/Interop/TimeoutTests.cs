using SmartCardFleet.Pcsc.Interop;

namespace SmartCardFleet.Pcsc.Tests.Interop;

public sealed class TimeoutTests
{
    [Fact]
    public void Infinite_is_0xFFFFFFFF_which_zero_extends_into_a_64_bit_dword()
    {
        var millis = PcscTimeouts.ToMilliseconds(Timeout.InfiniteTimeSpan);
        Assert.Equal(0xFFFFFFFFu, millis);
        Assert.Equal(0x00000000FFFFFFFFul, (ulong)millis);
    }

    [Fact]
    public void A_huge_finite_timeout_stays_finite() =>
        Assert.Equal(0xFFFFFFFEu, PcscTimeouts.ToMilliseconds(TimeSpan.FromDays(100)));

    [Fact]
    public void Fractions_of_a_millisecond_round_up_so_a_tiny_timeout_is_not_a_poll() =>
        Assert.Equal(1u, PcscTimeouts.ToMilliseconds(TimeSpan.FromTicks(10)));

    [Fact]
    public void When_the_timeout_is_negative_but_not_infinite_it_is_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PcscTimeouts.ToMilliseconds(TimeSpan.FromSeconds(-2)));
}
