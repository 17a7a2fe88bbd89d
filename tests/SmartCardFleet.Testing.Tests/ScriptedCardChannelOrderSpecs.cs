using SmartCardFleet.Abstractions.Apdu;

namespace SmartCardFleet.Testing.Tests;

/// <summary>Expectations in order or in any order, the failure messages, VerifyAllExpectationsMet and resets.</summary>
public sealed class ScriptedCardChannelOrderSpecs
{
    private static readonly CommandApdu ReadFirst = new(0x00, 0xB0, 0x00, 0x00, ne: 2);
    private static readonly CommandApdu ReadSecond = new(0x00, 0xB0, 0x00, 0x02, ne: 2);

    private static ScriptedCardChannel TwoReads() => new ScriptedCardChannel("3B 02 14 50")
        .Expect("00 B0 00 00 02", "AA BB 90 00")
        .Expect("00 B0 00 02 02", "CC DD 90 00");

    [Fact]
    public async Task In_order_by_default_a_command_that_matches_only_a_later_expectation_fails_naming_the_command_and_the_next_expectation()
    {
        var card = TwoReads();

        var failure = await Assert.ThrowsAsync<UnexpectedCommandException>(() => card.TransmitAsync(ReadSecond));

        Assert.Equal("Unexpected command 00 B0 00 02 02 (command 1): the next expectation is #1 00 B0 00 00 02 → AA BB 90 00.", failure.Message);
    }

    [Fact]
    public async Task With_AnyOrder_a_command_takes_the_first_unused_expectation_it_matches()
    {
        var card = TwoReads().AnyOrder();

        var second = await card.TransmitAsync(ReadSecond);
        var first = await card.TransmitAsync(ReadFirst);

        Assert.Equal((0xCC, 0xAA), (second.Data.Span[0], first.Data.Span[0]));
        card.VerifyAllExpectationsMet();
    }

    [Fact]
    public async Task With_AnyOrder_an_unmatched_command_fails_listing_the_unused_expectations()
    {
        var card = TwoReads().AnyOrder();
        await card.TransmitAsync(ReadFirst);

        var failure = await Assert.ThrowsAsync<UnexpectedCommandException>(() => card.TransmitAsync(ReadFirst));

        Assert.Equal("Unexpected command 00 B0 00 00 02 (command 2): none of the 1 unused expectations matches (#2 00 B0 00 02 02 → CC DD 90 00).", failure.Message);
    }

    [Fact]
    public async Task Each_expectation_answers_once_so_a_repeated_command_after_the_script_fails_saying_all_were_met()
    {
        var card = TwoReads();
        await card.TransmitAsync(ReadFirst);
        await card.TransmitAsync(ReadSecond);

        var failure = await Assert.ThrowsAsync<UnexpectedCommandException>(() => card.TransmitAsync(ReadSecond));

        Assert.EndsWith("all 2 expectations were already met.", failure.Message, StringComparison.Ordinal);
        Assert.Equal(3, card.Sent.Count);
    }

    [Fact]
    public async Task VerifyAllExpectationsMet_lists_the_expectations_never_used_and_the_commands_sent()
    {
        var card = TwoReads();
        await card.TransmitAsync(ReadFirst);

        var failure = Assert.Throws<UnmetExpectationsException>(card.VerifyAllExpectationsMet);

        Assert.Equal("1 of 2 expectations were not met: #2 00 B0 00 02 02 → CC DD 90 00. Commands sent: 00 B0 00 00 02.", failure.Message);
        Assert.Equal(1, card.Remaining);
    }

    [Fact]
    public async Task VerifyAllExpectationsMet_reports_an_unexpected_command_even_when_the_plugin_swallowed_the_failure()
    {
        var card = TwoReads();
        try
        {
            await card.TransmitAsync(ReadSecond);
        }
        catch (UnexpectedCommandException)
        {
            // What a probe that treats every failure as "not my card" does.
        }

        await card.TransmitAsync(ReadFirst);
        await card.TransmitAsync(ReadSecond);

        var failure = Assert.Throws<UnexpectedCommandException>(card.VerifyAllExpectationsMet);
        Assert.StartsWith("Unexpected command 00 B0 00 02 02 (command 1)", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SimulateReset_cancels_the_reset_token_and_hands_out_a_fresh_one()
    {
        var card = TwoReads();
        var before = card.CardResetToken;

        card.SimulateReset();

        Assert.True(before.IsCancellationRequested);
        Assert.False(card.CardResetToken.IsCancellationRequested);
    }
}
