using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace SmartCardFleet.Abstractions.Tests;

public class HexTests
{
    [Theory]
    [InlineData("3B8F80", new byte[] { 0x3B, 0x8F, 0x80 })]
    [InlineData("3b 8f 80", new byte[] { 0x3B, 0x8F, 0x80 })]
    [InlineData("3B:8F:80", new byte[] { 0x3B, 0x8F, 0x80 })]
    [InlineData("3B-8F-80", new byte[] { 0x3B, 0x8F, 0x80 })]
    [InlineData("", new byte[0])]
    [InlineData(" : ", new byte[0])]
    public void When_text_uses_any_allowed_separator_it_parses_to_the_same_bytes(string text, byte[] expected)
    {
        Assert.Equal(expected, Hex.Parse(text));
    }

    [Fact]
    public void When_a_character_is_not_hex_the_error_names_it_and_its_position()
    {
        var ex = Assert.Throws<FormatException>(() => Hex.Parse("3B 8G"));

        Assert.Contains("'G'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("position 4", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void When_the_digit_count_is_odd_the_error_says_so()
    {
        var ex = Assert.Throws<FormatException>(() => Hex.Parse("3B8"));

        Assert.Contains("odd number of digits", ex.Message, StringComparison.Ordinal);
        Assert.False(Hex.TryParse("3B8", out _));
    }

    [Fact]
    public void When_a_separator_is_given_bytes_are_formatted_upper_case_with_it()
    {
        Assert.Equal("3B:8F:0A", Hex.Format(new byte[] { 0x3B, 0x8F, 0x0A }, ':'));
        Assert.Equal("3B8F0A", Hex.Format(new byte[] { 0x3B, 0x8F, 0x0A }));
        Assert.Equal(string.Empty, Hex.Format([], ' '));
    }

    [Property]
    public Property Format_then_parse_returns_the_same_bytes_for_every_separator() =>
        Prop.ForAll(
            ArbMap.Default.ArbFor<byte[]>(),
            Gen.Elements<char?>(null, ' ', ':', '-').ToArbitrary(),
            (bytes, separator) => Hex.Parse(Hex.Format(bytes, separator)).AsSpan().SequenceEqual(bytes));
}
