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
    [InlineData(" any ", CardProtocol.Any)]
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
        Assert.Contains("T0, T1", problem!.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Shared,Exclusive")]
    [InlineData("Shared, Exclusive")]
    [InlineData("Shared|Exclusive")]
    [InlineData("+3")]
    [InlineData(" 3")]
    [InlineData("")]
    public void A_non_flags_enum_takes_exactly_one_known_name(string text)
    {
        Assert.False(RequestParsing.TryEnum(text, ShareMode.Shared, "shareMode", out _, out var problem));
        Assert.Contains("Exclusive, Shared, Direct", problem!.Detail, StringComparison.Ordinal);
        Assert.Equal("shareMode", problem.Field);
    }

    [Theory]
    [InlineData("Reset,Unpower")]
    [InlineData("+3")]
    public void A_disposition_list_is_not_combined_into_another_disposition(string text) =>
        Assert.False(RequestParsing.TryEnum(text, CardDisposition.Leave, "disposition", out _, out _));

    [Theory]
    [InlineData("+3")]
    [InlineData("T0,+2")]
    [InlineData("T0,,T1")]
    [InlineData("T0, 2")]
    public void A_flags_list_takes_known_names_only(string text) =>
        Assert.False(RequestParsing.TryEnum(text, CardProtocol.T1, "protocols", out _, out _));

    [Fact]
    public void Apdu_hex_accepts_separators_and_checks_the_length()
    {
        Assert.True(RequestParsing.TryApdu("00 a4:04-00", "apdu", out var apdu, out _));
        Assert.Equal(new byte[] { 0x00, 0xA4, 0x04, 0x00 }, apdu);
        Assert.False(RequestParsing.TryApdu("00A404", "apdu", out _, out var problem));
        Assert.Contains("4..65544", problem, StringComparison.Ordinal);
    }
}
