using SmartCardFleet.Abstractions.Cards;

namespace SmartCardFleet.Abstractions.Tests.Cards;

public class AtrTests
{
    private const string PivLike = "3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00 6A";
    private const string OpenPgp3 = "3B DA 18 FF 81 B1 FE 75 1F 03 00 31 C5 73 C0 01 40 00 90 00 0C";
    private const string T0Only = "3B 02 14 50";

    [Fact]
    public void When_T1_is_offered_the_TCK_is_present_and_checks()
    {
        var atr = Atr.Parse(PivLike);

        Assert.Equal(AtrConvention.Direct, atr.Convention);
        Assert.Equal(0x8F, atr.T0);
        Assert.Equal([0, 1], atr.Protocols);
        Assert.Equal(2, atr.InterfaceGroups.Count);
        Assert.Equal((byte)0x80, atr.InterfaceGroups[0].Td);
        Assert.Equal((byte)0x01, atr.InterfaceGroups[1].Td);
        Assert.Equal("804F0CA000000306030001000000 00".Replace(" ", string.Empty, StringComparison.Ordinal), Hex.Format(atr.HistoricalBytes.Span));
        Assert.True(atr.TckRequired);
        Assert.Equal((byte)0x6A, atr.Tck);
        Assert.True(atr.IsTckValid);
    }

    [Fact]
    public void When_an_OpenPGP_3_ATR_is_parsed_every_interface_level_is_found()
    {
        var atr = Atr.Parse(OpenPgp3);

        Assert.Equal(4, atr.InterfaceGroups.Count);
        Assert.Equal(new AtrInterfaceGroup(1, 0x18, null, 0xFF, 0x81), atr.InterfaceGroups[0]);
        Assert.Equal(new AtrInterfaceGroup(2, null, null, null, 0xB1), atr.InterfaceGroups[1]);
        Assert.Equal(new AtrInterfaceGroup(3, 0xFE, 0x75, null, 0x1F), atr.InterfaceGroups[2]);
        Assert.Equal(new AtrInterfaceGroup(4, 0x03, null, null, null), atr.InterfaceGroups[3]);
        Assert.Equal([1], atr.Protocols); // T=15 (global) is not a transmission protocol
        Assert.Equal("0031C573C001400090 00".Replace(" ", string.Empty, StringComparison.Ordinal), Hex.Format(atr.HistoricalBytes.Span));
        Assert.Equal((byte)0x0C, atr.Tck);
        Assert.True(atr.IsTckValid);
    }

    [Fact]
    public void When_only_T0_is_implied_there_is_no_TCK()
    {
        var atr = Atr.Parse(T0Only);

        Assert.Empty(atr.InterfaceGroups);
        Assert.Equal([0], atr.Protocols);
        Assert.Equal(new byte[] { 0x14, 0x50 }, atr.HistoricalBytes.ToArray());
        Assert.False(atr.TckRequired);
        Assert.Null(atr.Tck);
        Assert.True(atr.IsTckValid);
    }

    [Fact]
    public void When_the_TCK_is_wrong_parsing_succeeds_but_IsTckValid_is_false()
    {
        var atr = Atr.Parse(PivLike[..^2] + "6B");

        Assert.False(atr.IsTckValid);
    }

    [Fact]
    public void When_TS_is_3F_the_convention_is_inverse()
    {
        Assert.Equal(AtrConvention.Inverse, Atr.Parse("3F 02 14 50").Convention);
    }

    [Theory]
    [InlineData("3B", "at least TS and T0")]
    [InlineData("3C 02 14 50", "TS must be 3B")]
    [InlineData("3B DA 18 FF", "TD1 is announced")]
    [InlineData("3B 02 14", "2 historical byte(s)")]
    [InlineData("3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00", "and a TCK")]
    [InlineData("3B 02 14 50 00", "1 unexpected trailing byte")]
    public void When_the_ATR_is_malformed_the_error_says_what_is_missing(string hex, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => Atr.Parse(hex));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.False(Atr.TryParse(hex, out _));
    }

    [Fact]
    public void When_two_ATRs_have_the_same_bytes_they_are_equal_and_print_as_spaced_hex()
    {
        var a = Atr.Parse("3B:02:14:50");
        Assert.True(Atr.TryParse(T0Only, out var b));

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(T0Only, a.ToString());
    }
}
