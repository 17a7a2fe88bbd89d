using SmartCardFleet.Host.Api;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Host.Tests.Configuration;

public sealed class RequestParsingTests
{
    [Theory]
    [InlineData("t0, t1", CardProtocol.Any)]
    [InlineData("T1|T0", CardProtocol.Any)]
    [InlineData("Raw", CardProtocol.Raw)]
    [InlineData(null, CardProtocol.T1)]
    public void Enum_names_parse_case_insensitively_with_flags(string? text, CardProtocol expected)
    {
        Assert.True(RequestParsing.TryEnum(text, CardProtocol.T1, "protocols", out var value, out _));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("3")]
    [InlineData("-1")]
    [InlineData("T2")]
    [InlineData(",")]
    public void Numbers_and_unknown_names_are_refused_with_the_known_names(string text)
    {
        Assert.False(RequestParsing.TryEnum(text, CardProtocol.T1, "protocols", out _, out var problem));
        Assert.Contains("T0, T1", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Apdu_hex_accepts_separators_and_checks_the_length()
    {
        Assert.True(RequestParsing.TryApdu("00 a4:04-00", "apdu", out var apdu, out _));
        Assert.Equal(new byte[] { 0x00, 0xA4, 0x04, 0x00 }, apdu);
        Assert.False(RequestParsing.TryApdu("00A404", "apdu", out _, out var problem));
        Assert.Contains("4..65544", problem, StringComparison.Ordinal);
    }
}
