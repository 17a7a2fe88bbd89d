using SmartCardFleet.Abstractions.Apdu;

namespace SmartCardFleet.Abstractions.Tests.Apdu;

public class ApduPatternTests
{
    [Theory]
    [InlineData("00 A4 04 00 ?? *", "00A40400", false)]
    [InlineData("00 A4 04 00 ?? *", "00A4040007", true)]
    [InlineData("00 A4 04 00 ?? *", "00A4040007D2760000850101", true)]
    [InlineData("00:a4-04 00 *", "00A40400", true)]
    [InlineData("80 CA 00 01 00", "80CA000100", true)]
    [InlineData("80 CA 00 01 00", "80CA00010000", false)]
    [InlineData("80 CA ?? ?? 00", "80CA9F7F00", true)]
    [InlineData("80 CA ?? ?? 00", "80CB9F7F00", false)]
    [InlineData("*", "", true)]
    public void A_pattern_matches_spelt_out_bytes_any_byte_for_each_wildcard_and_any_tail_after_a_star(string pattern, string apdu, bool matches)
    {
        Assert.Equal(matches, ApduPattern.Parse(pattern).Matches(Convert.FromHexString(apdu)));
    }

    [Fact]
    public void The_canonical_text_is_upper_case_bytes_separated_by_spaces()
    {
        var pattern = ApduPattern.Parse("00a4??00*");

        Assert.Equal(("00 A4 ?? 00 *", 4, true), (pattern.Text, pattern.Length, pattern.AnyTail));
    }

    [Theory]
    [InlineData("00 A", "middle of a byte")]
    [InlineData("00 ?", "middle of a byte")]
    [InlineData("00 * 00", "'*' must be the last thing in the pattern, but '0' follows it at position 6")]
    [InlineData("0*", "half a byte before '*' at position 2")]
    [InlineData("00 x0", "'x' at position 4 is neither a hex digit")]
    public void A_malformed_pattern_is_refused_naming_the_position_and_the_problem(string text, string problem)
    {
        Assert.False(ApduPattern.TryParse(text, out _, out var error));
        Assert.Contains(problem, error, StringComparison.Ordinal);
        Assert.Contains(problem, Assert.Throws<FormatException>(() => ApduPattern.Parse(text)).Message, StringComparison.Ordinal);
    }
}
