using SmartCardFleet.Abstractions.Apdu;

namespace SmartCardFleet.Abstractions.Tests.Apdu;

public class CommandApduValidationTests
{
    [Fact]
    public void When_data_exceeds_65535_bytes_construction_fails_naming_the_limit()
    {
        var ex = Assert.Throws<ArgumentException>(() => new CommandApdu(0, 0xD6, 0, 0, new byte[65536]));

        Assert.Contains("65535", ex.Message, StringComparison.Ordinal);
        Assert.Equal("Data", ex.ParamName);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(65537)]
    public void When_Ne_is_outside_0_to_65536_construction_fails(int ne)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new CommandApdu(0, 0xB0, 0, 0, ne: ne));

        Assert.Contains("65536", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void When_a_with_expression_sets_an_invalid_Ne_it_fails_like_the_constructor()
    {
        var apdu = new CommandApdu(0, 0xB0, 0, 0, ne: 1);

        Assert.Throws<ArgumentOutOfRangeException>(() => apdu with { Ne = 70000 });
    }

    [Theory]
    [InlineData("00A404", "at least the 4 header bytes")]
    [InlineData("00A4040003AABB", "must be 8 (case 3) or 9 (case 4) bytes")]
    [InlineData("00A404000000", "only 6 bytes")]
    [InlineData("00A40400000000AA", "00 00, which is not allowed")]
    [InlineData("00A4040000000201", "must be 9 (case 3E) or 11 (case 4E)")]
    public void When_bytes_are_malformed_Parse_says_why(string hex, string expectedMessagePart)
    {
        var ex = Assert.Throws<FormatException>(() => CommandApdu.Parse(Hex.Parse(hex)));

        Assert.Contains(expectedMessagePart, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void When_bytes_exceed_65544_Parse_rejects_them()
    {
        var ex = Assert.Throws<FormatException>(() => CommandApdu.Parse(new byte[65545]));

        Assert.Contains("65544", ex.Message, StringComparison.Ordinal);
    }
}
