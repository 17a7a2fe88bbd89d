using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Apdu;

namespace SmartCardFleet.Testing.Tests;

/// <summary>Which commands an expectation takes: exact bytes, ?? wildcards, a trailing *, and the Otherwise answer.</summary>
public sealed class ScriptedCardChannelMatchingSpecs
{
    private const string Atr = "3B 02 14 50";

    [Fact]
    public async Task An_exact_expectation_answers_its_command_with_the_scripted_data_and_status_word()
    {
        var card = new ScriptedCardChannel(Atr).Expect("80 CA 00 01 00", "00 00 04 D2 90 00");

        var response = await card.TransmitAsync(new CommandApdu(0x80, 0xCA, 0x00, 0x01, ne: 256));

        Assert.Equal(("000004D2", 0x9000), (Hex.Format(response.Data.Span), (int)response.StatusWord.Value));
        Assert.Equal([Convert.FromHexString("80CA000100")], card.Sent);
    }

    [Fact]
    public async Task A_wildcard_byte_matches_any_value_in_its_place_but_the_spelt_out_bytes_must_agree()
    {
        var card = new ScriptedCardChannel(Atr).Expect("00 B0 ?? 00 10", "01 90 00").Expect("00 B0 ?? 00 10", "02 90 00");

        var first = await card.TransmitAsync(new CommandApdu(0x00, 0xB0, 0x07, 0x00, ne: 16));
        var wrongP2 = await Assert.ThrowsAsync<UnexpectedCommandException>(() => card.TransmitAsync(new CommandApdu(0x00, 0xB0, 0x07, 0x01, ne: 16)));

        Assert.Equal("01", Hex.Format(first.Data.Span));
        Assert.Contains("00 B0 07 01 10", wrongP2.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trailing_star_matches_any_remaining_bytes_including_none_and_without_it_the_length_must_agree()
    {
        var card = new ScriptedCardChannel(Atr).AnyOrder()
            .Expect("00 A4 04 00 *", "6A 82")
            .Expect("00 A4 04 00 *", "90 00")
            .Expect("00 B0 00 00", "90 00");

        var withData = await card.TransmitAsync(new CommandApdu(0x00, 0xA4, 0x04, 0x00, [0xA0, 0x00, 0x00, 0x01], 256));
        var bare = await card.TransmitAsync(new CommandApdu(0x00, 0xA4, 0x04, 0x00));
        var longer = await Assert.ThrowsAsync<UnexpectedCommandException>(() => card.TransmitAsync(new CommandApdu(0x00, 0xB0, 0x00, 0x00, ne: 4)));

        Assert.Equal((0x6A82, 0x9000), ((int)withData.StatusWord.Value, (int)bare.StatusWord.Value));
        Assert.Contains("00 B0 00 00 04", longer.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Otherwise_answers_a_command_no_expectation_takes_and_leaves_the_expectation_waiting()
    {
        var card = new ScriptedCardChannel(Atr).Expect("00 A4 04 00 *", "90 00").Otherwise("6D 00");

        var unknown = await card.TransmitAsync(new CommandApdu(0x80, 0x10, 0x00, 0x00));
        var select = await card.TransmitAsync(new CommandApdu(0x00, 0xA4, 0x04, 0x00, [0xA0, 0x01], 256));
        var afterwards = await card.TransmitAsync(new CommandApdu(0x00, 0xA4, 0x04, 0x00, [0xA0, 0x01], 256));

        Assert.Equal((0x6D00, 0x9000, 0x6D00), ((int)unknown.StatusWord.Value, (int)select.StatusWord.Value, (int)afterwards.StatusWord.Value));
        card.VerifyAllExpectationsMet();
    }

    [Theory]
    [InlineData("00 A4 0", "odd number of hex digits")]
    [InlineData("00 * A4", "'*' must be the last")]
    [InlineData("00 ?A", "'??'")]
    [InlineData("00 A? 00", "'??'")]
    [InlineData("00 G1", "'G' at position 4")]
    public void A_malformed_command_pattern_is_refused_with_the_problem_named(string pattern, string problem)
    {
        var refused = Assert.Throws<FormatException>(() => new ScriptedCardChannel(Atr).Expect(pattern, "90 00"));

        Assert.Contains(pattern, refused.Message, StringComparison.Ordinal);
        Assert.Contains(problem, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("90")]
    [InlineData("90 0")]
    [InlineData("?? 90 00")]
    public void A_response_that_is_not_hex_of_at_least_a_status_word_is_refused(string response)
    {
        Assert.Throws<FormatException>(() => new ScriptedCardChannel(Atr).Expect("00 B0 00 00 00", response));
        Assert.Throws<FormatException>(() => new ScriptedCardChannel(Atr).Otherwise(response));
    }
}
