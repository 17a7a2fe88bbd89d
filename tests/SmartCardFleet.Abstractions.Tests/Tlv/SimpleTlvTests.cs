using SmartCardFleet.Abstractions.Tlv;

namespace SmartCardFleet.Abstractions.Tests.Tlv;

public class SimpleTlvTests
{
    [Fact]
    public void When_a_value_is_255_bytes_or_longer_the_length_uses_FF_and_two_bytes()
    {
        Assert.Equal("01FE", Hex.Format(new SimpleTlv(0x01, new byte[254]).Encode().AsSpan(0, 2)));
        Assert.Equal("01FF00FF", Hex.Format(new SimpleTlv(0x01, new byte[255]).Encode().AsSpan(0, 4)));
    }

    [Theory]
    [InlineData("00 01 AA", "tag 00 at offset 0 is invalid")]
    [InlineData("01", "has no length")]
    [InlineData("01 FF 01", "three-byte length")]
    [InlineData("01 03 AA", "announces 3 value bytes but only 1 remain")]
    public void When_input_is_malformed_the_error_names_the_offset(string hex, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => SimpleTlv.ParseAll(Hex.Parse(hex)));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
