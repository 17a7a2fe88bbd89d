using System.Text.Json;
using SmartCardFleet.Abstractions.Cards;

namespace SmartCardFleet.Abstractions.Tests.Cards;

public class AtrPatternTests
{
    private static readonly Atr Card = Atr.Parse("3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00 6A");

    [Fact]
    public void When_no_mask_is_given_only_the_exact_ATR_matches_and_all_bits_count()
    {
        var pattern = AtrPattern.Parse("3B:8F:80:01:80:4F:0C:A0:00:00:03:06:03:00:01:00:00:00:00:6A");

        Assert.True(pattern.Matches(Card));
        Assert.False(pattern.Matches(Atr.Parse("3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 02 00 00 00 00 69")));
        Assert.Equal(20 * 8, pattern.Specificity);
    }

    [Fact]
    public void When_a_mask_clears_bytes_those_bytes_may_differ()
    {
        var pattern = AtrPattern.Parse(
            "3B8F8001804F0CA0000003060300FF000000006A",
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFF00FFFFFFFF00");

        Assert.True(pattern.Matches(Card));
        Assert.True(pattern.Matches(Atr.Parse("3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 02 00 00 00 00 69")));
        Assert.Equal(18 * 8, pattern.Specificity);
    }

    [Fact]
    public void When_lengths_differ_the_ATR_never_matches()
    {
        var pattern = new AtrPattern([0x3B, 0x02], [0x00, 0x00]);

        Assert.False(pattern.Matches(Atr.Parse("3B 02 14 50")));
        Assert.Equal(0, pattern.Specificity);
    }

    [Fact]
    public void When_several_patterns_match_the_most_specific_wins()
    {
        var broad = AtrPattern.Parse("3B:8F:80:01:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00/FF:FF:FF:FF:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00");
        var narrow = AtrPattern.Parse("3B:8F:80:01:80:4F:0C:A0:00:00:03:06:00:00:00:00:00:00:00:00/FF:FF:FF:FF:FF:FF:FF:FF:FF:FF:FF:FF:00:00:00:00:00:00:00:00");
        var other = AtrPattern.Parse("3B 02 14 50");

        Assert.Same(narrow, AtrPattern.BestMatch([broad, other, narrow], Card));
        Assert.Null(AtrPattern.BestMatch([other], Card));
    }

    [Fact]
    public void When_mask_and_ATR_lengths_differ_construction_fails_naming_both()
    {
        var ex = Assert.Throws<ArgumentException>(() => AtrPattern.Parse("3B 02 14 50", "FF FF"));

        Assert.Contains("2 bytes but the ATR has 4", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void When_a_mask_is_given_twice_parsing_fails()
    {
        Assert.Throws<FormatException>(() => AtrPattern.Parse("3B02/FFFF", "FFFF"));
    }

    [Fact]
    public void When_serialised_to_JSON_a_pattern_is_one_atr_slash_mask_string_and_reads_back()
    {
        var pattern = AtrPattern.Parse("3B 02 14 50", "FF FF F0 00");

        var json = JsonSerializer.Serialize(pattern);
        var back = JsonSerializer.Deserialize<AtrPattern>(json);

        Assert.Equal("\"3B:02:10:00/FF:FF:F0:00\"", json);
        Assert.Equal(pattern, back);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(20)]
    [InlineData(33)]
    public void Any_matches_an_ATR_of_every_length_with_specificity_0(int length)
    {
        var atr = Enumerable.Range(0, length).Select(i => (byte)(0x3B + i)).ToArray();

        Assert.True(AtrPattern.Any.Matches(atr));
        Assert.True(AtrPattern.Any.Matches(Card));
        Assert.Equal(0, AtrPattern.Any.Specificity);
        Assert.True(AtrPattern.Any.IsAny);
    }

    [Fact]
    public void Any_loses_to_every_other_matching_pattern_even_an_all_zero_mask_and_equals_none_of_them()
    {
        var zeroMask = new AtrPattern(new byte[20], new byte[20]);
        var exact = new AtrPattern(Card.Bytes.Span);

        Assert.Same(exact, AtrPattern.BestMatch([AtrPattern.Any, exact], Card));
        Assert.NotEqual(AtrPattern.Any, zeroMask);
        Assert.False(zeroMask.IsAny);
        Assert.False(exact.IsAny);
    }

    [Fact]
    public void Any_is_written_as_a_star_and_a_star_reads_back_as_Any_in_text_and_JSON()
    {
        Assert.Equal("*", AtrPattern.Any.ToString());
        Assert.Same(AtrPattern.Any, AtrPattern.Parse(" * "));
        Assert.Equal("\"*\"", JsonSerializer.Serialize(AtrPattern.Any));
        Assert.Same(AtrPattern.Any, JsonSerializer.Deserialize<AtrPattern>("\"*\""));
        Assert.Equal(["*", "3B:02:14:50/FF:FF:FF:FF"],
            JsonSerializer.Deserialize<AtrPattern[]>("[\"*\", \"3B 02 14 50\"]")!.Select(p => p.ToString()));
    }

    [Fact]
    public void A_star_with_a_mask_is_refused()
    {
        Assert.Throws<FormatException>(() => AtrPattern.Parse("*", "FF"));
        Assert.Throws<FormatException>(() => AtrPattern.Parse("*/FF"));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<AtrPattern>("\"*/FF\""));
    }
}
