using SmartCardFleet.Abstractions.Apdu;
using SmartCardFleet.Abstractions.Tests.Support;

namespace SmartCardFleet.Abstractions.Tests.Apdu;

public class ResponseHandlingChannelTests
{
    private static readonly CommandApdu GetDataCert = new(0x00, 0xCB, 0x3F, 0xFF, [0x5C, 0x03, 0x5F, 0xC1, 0x05], 256);

    [Fact]
    public async Task When_the_card_answers_61xx_GET_RESPONSE_is_sent_with_Le_SW2_and_the_data_is_appended()
    {
        var card = new RecordingChannel()
            .Expect("00CB3FFF 05 5C035FC105 00", "0102 6103")
            .Expect("00C00000 03", "030405 6100")
            .Expect("00C00000 00", "06 9000");

        var response = await new ResponseHandlingChannel(card).TransmitAsync(GetDataCert);

        Assert.True(response.IsSuccess);
        Assert.Equal("010203040506", Hex.Format(response.Data.Span));
        Assert.Equal(0, card.Remaining);
    }

    [Fact]
    public async Task When_the_card_answers_6Cxx_the_command_is_resent_once_with_Le_SW2()
    {
        var card = new RecordingChannel()
            .Expect("00B00000 00", "6C10")
            .Expect("00B00000 10", "AABB 9000");

        var response = await new ResponseHandlingChannel(card).TransmitAsync(new CommandApdu(0, 0xB0, 0, 0, ne: 256));

        Assert.Equal("AABB", Hex.Format(response.Data.Span));
        Assert.Equal(0, card.Remaining);
    }

    [Fact]
    public async Task When_the_card_keeps_answering_6Cxx_the_second_answer_is_returned_without_a_third_attempt()
    {
        var card = new RecordingChannel()
            .Expect("00B00000 00", "6C10")
            .Expect("00B00000 10", "6C08");

        var response = await new ResponseHandlingChannel(card).TransmitAsync(new CommandApdu(0, 0xB0, 0, 0, ne: 256));

        Assert.True(response.WrongLength);
        Assert.Equal(2, card.Sent.Count);
    }

    [Fact]
    public async Task When_GET_RESPONSE_itself_gets_6Cxx_it_is_resent_with_the_corrected_Le()
    {
        var card = new RecordingChannel()
            .Expect("00B00000 00", "01 6102")
            .Expect("00C00000 02", "6C01")
            .Expect("00C00000 01", "02 9000");

        var response = await new ResponseHandlingChannel(card).TransmitAsync(new CommandApdu(0, 0xB0, 0, 0, ne: 256));

        Assert.Equal("0102", Hex.Format(response.Data.Span));
    }

    [Fact]
    public async Task When_automatic_handling_is_switched_off_61xx_and_6Cxx_reach_the_caller()
    {
        var card = new RecordingChannel()
            .Expect("00B00000 00", "6110")
            .Expect("00B00000 00", "6C10");
        var channel = new ResponseHandlingChannel(card, new TransmitOptions { AutoGetResponse = false, AutoRetryWrongLength = false });

        var first = await channel.TransmitAsync(new CommandApdu(0, 0xB0, 0, 0, ne: 256));
        var second = await channel.TransmitAsync(new CommandApdu(0, 0xB0, 0, 0, ne: 256));

        Assert.True(first.MoreDataAvailable);
        Assert.True(second.WrongLength);
        Assert.Equal(0, card.Remaining);
    }

    [Theory]
    [InlineData(0x80, 0x00)] // proprietary class: GET RESPONSE goes out with 00
    [InlineData(0x0C, 0x00)] // secure messaging bits dropped
    [InlineData(0x13, 0x03)] // chaining bit dropped, channel 3 kept
    [InlineData(0x45, 0x45)] // further interindustry: channel 5 kept
    [InlineData(0x65, 0x45)] // further interindustry with SM: SM dropped
    public void When_no_GET_RESPONSE_class_is_configured_it_is_derived_from_the_command(byte commandCla, byte expected)
    {
        Assert.Equal(expected, TransmitOptions.DeriveGetResponseCla(commandCla));
    }

    [Fact]
    public async Task When_a_GET_RESPONSE_class_is_configured_it_is_used()
    {
        var card = new RecordingChannel()
            .Expect("80CA0000 00", "6101")
            .Expect("84C00000 01", "01 9000");
        var channel = new ResponseHandlingChannel(card, new TransmitOptions { GetResponseCla = 0x84 });

        var response = await channel.TransmitAsync(new CommandApdu(0x80, 0xCA, 0, 0, ne: 256));

        Assert.True(response.IsSuccess);
    }

    [Fact]
    public async Task When_the_card_never_stops_answering_61xx_the_loop_ends_at_the_bound_with_a_clear_error()
    {
        var card = new RecordingChannel().Expect("00B00000 00", "01 6101");
        for (var i = 0; i < 3; i++)
        {
            card.Expect("00C00000 01", "01 6101");
        }

        var channel = new ResponseHandlingChannel(card, new TransmitOptions { MaxGetResponseRounds = 3 });

        var ex = await Assert.ThrowsAsync<ResponseChainingException>(() => channel.TransmitAsync(new CommandApdu(0, 0xB0, 0, 0, ne: 256)));

        Assert.Equal(ResponseChainingFailure.TooManyRounds, ex.Failure);
        Assert.Contains("after 3 GET RESPONSE exchanges", ex.Message, StringComparison.Ordinal);
        Assert.Equal(4, card.Sent.Count);
    }

    [Fact]
    public async Task When_accumulated_data_exceeds_the_maximum_the_pipeline_fails_with_response_too_long()
    {
        var card = new RecordingChannel()
            .Expect("00B00000 00", "010203 6103")
            .Expect("00C00000 03", "040506 9000");
        var channel = new ResponseHandlingChannel(card, new TransmitOptions { MaxResponseLength = 5 });

        var ex = await Assert.ThrowsAsync<ResponseChainingException>(() => channel.TransmitAsync(new CommandApdu(0, 0xB0, 0, 0, ne: 256)));

        Assert.Equal(ResponseChainingFailure.ResponseTooLong, ex.Failure);
        Assert.Contains("6 bytes, more than the limit of 5", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_expected_length_is_enforced_data_beyond_Ne_is_an_error()
    {
        var card = new RecordingChannel()
            .Expect("00B00000 02", "0102 6101")
            .Expect("00C00000 01", "03 9000");
        var channel = new ResponseHandlingChannel(card, new TransmitOptions { EnforceExpectedLength = true });

        var ex = await Assert.ThrowsAsync<ResponseChainingException>(() => channel.TransmitAsync(new CommandApdu(0, 0xB0, 0, 0, ne: 2)));

        Assert.Contains("expected Ne of 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_cancelled_between_exchanges_no_further_GET_RESPONSE_is_sent()
    {
        using var cts = new CancellationTokenSource();
        var card = new RecordingChannel()
            .Expect("00B00000 00", "01 6101")
            .Expect("00C00000 01", "02 9000");
        card.AfterExchange = _ => cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new ResponseHandlingChannel(card).TransmitAsync(new CommandApdu(0, 0xB0, 0, 0, ne: 256), cts.Token));

        Assert.Single(card.Sent);
    }

    [Fact]
    public async Task When_GET_RESPONSE_ends_with_an_error_the_collected_data_is_returned_with_that_status()
    {
        var card = new RecordingChannel()
            .Expect("00B00000 00", "01 6101")
            .Expect("00C00000 01", "6F00");

        var response = await new ResponseHandlingChannel(card).TransmitAsync(new CommandApdu(0, 0xB0, 0, 0, ne: 256));

        Assert.Equal(0x6F00, response.StatusWord.Value);
        Assert.Equal("01", Hex.Format(response.Data.Span));
    }

    [Fact]
    public void When_wrapping_the_channel_ATR_reader_and_reset_token_pass_through()
    {
        var card = new RecordingChannel();

        var channel = card.WithResponseHandling();

        Assert.Same(card.Atr, channel.Atr);
        Assert.Same(card.Reader, channel.Reader);
        Assert.Same(channel, channel.WithResponseHandling());
        card.SimulateReset();
        Assert.False(channel.CardResetToken.IsCancellationRequested); // fresh token after the reset
    }
}
