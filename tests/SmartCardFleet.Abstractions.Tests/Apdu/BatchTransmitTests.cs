using SmartCardFleet.Abstractions.Apdu;
using SmartCardFleet.Abstractions.Tests.Support;

namespace SmartCardFleet.Abstractions.Tests.Apdu;

public class BatchTransmitTests
{
    private static readonly CommandApdu ReadFirst = new(0x00, 0xB0, 0x00, 0x00, ne: 2);
    private static readonly CommandApdu ReadSecond = new(0x00, 0xB0, 0x00, 0x02, ne: 2);

    [Fact]
    public async Task The_default_batch_sends_every_command_in_order_and_an_error_status_does_not_stop_it()
    {
        var card = new RecordingChannel()
            .Expect("00B00000 02", "6A82")
            .Expect("00B00002 02", "CCDD 9000");

        var responses = await card.DefaultBatch.TransmitBatchAsync([ReadFirst, ReadSecond]);

        Assert.Equal([0x6A82, 0x9000], responses.Select(r => (int)r.StatusWord.Value));
        Assert.Equal("CCDD", Hex.Format(responses[1].Data.Span));
        Assert.Equal(0, card.Remaining);
    }

    [Fact]
    public async Task The_default_batch_checks_cancellation_before_each_command()
    {
        var card = new RecordingChannel().Expect("00B00000 02", "AABB 9000").Expect("00B00002 02", "CCDD 9000");
        using var cancel = new CancellationTokenSource();
        card.AfterExchange = _ => cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => card.DefaultBatch.TransmitBatchAsync([ReadFirst, ReadSecond], cancel.Token));

        Assert.Single(card.Sent);
    }

    [Fact]
    public async Task Response_handling_hands_the_whole_batch_to_the_inner_channel_at_once()
    {
        var card = new RecordingChannel().Expect("00B00000 02", "AABB 9000").Expect("00B00002 02", "CCDD 9000");

        var responses = await new ResponseHandlingChannel(card).TransmitBatchAsync([ReadFirst, ReadSecond]);

        Assert.Equal([2], card.Batches);
        Assert.Equal(["AABB", "CCDD"], responses.Select(r => Hex.Format(r.Data.Span)));
    }

    [Fact]
    public async Task Response_handling_completes_a_61xx_answer_to_the_last_command_of_a_batch_with_GET_RESPONSE()
    {
        var card = new RecordingChannel()
            .Expect("00B00000 02", "AABB 9000")
            .Expect("00B00002 02", "CC 6101")
            .Expect("00C00000 01", "DD 9000");

        var responses = await new ResponseHandlingChannel(card).TransmitBatchAsync([ReadFirst, ReadSecond]);

        Assert.Equal("CCDD", Hex.Format(responses[1].Data.Span));
        Assert.True(responses[1].IsSuccess);
        Assert.Equal(0, card.Remaining);
    }

    [Fact]
    public async Task Response_handling_retries_a_6Cxx_answer_to_the_last_command_with_the_corrected_Le()
    {
        var card = new RecordingChannel()
            .Expect("00B00000 02", "AABB 9000")
            .Expect("00B00002 02", "6C01")
            .Expect("00B00002 01", "CC 9000");

        var responses = await new ResponseHandlingChannel(card).TransmitBatchAsync([ReadFirst, ReadSecond]);

        Assert.Equal("CC", Hex.Format(responses[1].Data.Span));
        Assert.Equal(0, card.Remaining);
    }

    [Theory]
    [InlineData("AA 6101")]
    [InlineData("6C01")]
    public async Task Response_handling_refuses_an_incomplete_answer_before_the_end_of_a_batch(string firstAnswer)
    {
        var card = new RecordingChannel().Expect("00B00000 02", firstAnswer).Expect("00B00002 02", "CCDD 9000");

        var refused = await Assert.ThrowsAsync<ResponseChainingException>(() => new ResponseHandlingChannel(card).TransmitBatchAsync([ReadFirst, ReadSecond]));

        Assert.Equal(ResponseChainingFailure.IncompleteInBatch, refused.Failure);
        Assert.Equal(0, card.Remaining);
    }

    [Fact]
    public async Task Response_handling_leaves_an_incomplete_answer_alone_when_its_switch_is_off()
    {
        var card = new RecordingChannel().Expect("00B00000 02", "AA 6101").Expect("00B00002 02", "CCDD 9000");
        var options = TransmitOptions.Default with { AutoGetResponse = false };

        var responses = await new ResponseHandlingChannel(card, options).TransmitBatchAsync([ReadFirst, ReadSecond]);

        Assert.True(responses[0].MoreDataAvailable);
    }

    [Fact]
    public async Task An_empty_batch_sends_nothing()
    {
        var card = new RecordingChannel();

        Assert.Empty(await new ResponseHandlingChannel(card).TransmitBatchAsync([]));
        Assert.Empty(card.Sent);
    }
}
