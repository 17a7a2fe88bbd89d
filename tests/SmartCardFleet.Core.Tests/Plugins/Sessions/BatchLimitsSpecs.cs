using SmartCardFleet.Core.Plugins.Sessions;
using SmartCardFleet.Core.Readers;

namespace SmartCardFleet.Core.Tests.Plugins.Sessions;

public sealed class BatchLimitsSpecs
{
    [Fact]
    public void A_sequence_within_the_readers_limits_is_one_batch()
    {
        Assert.Equal([(0, 3)], BatchLimits.Split([new byte[5], new byte[5], new byte[5]]));
    }

    [Fact]
    public void More_APDUs_than_one_batch_takes_are_cut_at_the_count_limit_in_order()
    {
        var commands = Enumerable.Range(0, TransmitBatch.MaxCommands + 44).Select(_ => new byte[5]).ToList();

        Assert.Equal([(0, TransmitBatch.MaxCommands), (TransmitBatch.MaxCommands, 44)], BatchLimits.Split(commands));
    }

    [Fact]
    public void More_bytes_than_one_batch_takes_are_cut_before_the_APDU_that_would_pass_the_byte_limit()
    {
        var commands = Enumerable.Range(0, 5).Select(_ => new byte[Transmit.MaxLength]).ToList();

        // Three of the largest APDUs fit in 256 KiB, a fourth does not.
        Assert.Equal([(0, 3), (3, 2)], BatchLimits.Split(commands));
    }

    [Fact]
    public void An_empty_sequence_is_no_batch()
    {
        Assert.Empty(BatchLimits.Split([]));
    }
}
