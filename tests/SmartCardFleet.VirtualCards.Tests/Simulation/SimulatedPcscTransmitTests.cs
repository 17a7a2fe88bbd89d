using SmartCardFleet.Pcsc;

namespace SmartCardFleet.VirtualCards.Tests.Simulation;

public class SimulatedPcscTransmitTests : SimulatedPcscTestBase
{
    public SimulatedPcscTransmitTests()
    {
        Reader.Insert(Card);
    }

    [Fact]
    public void Transmit_runs_the_command_on_the_card()
    {
        var card = Connect(NewContext());

        Assert.Equal((PcscError.Success, "9000"), Send(card, "00A4080C04 50005001"));
        Assert.Equal((PcscError.Success, "48656C6C6F9000"), Send(card, "00B0000005"));
    }

    [Fact]
    public void Transmit_with_another_protocol_than_the_active_one_answers_ProtoMismatch()
    {
        var card = Connect(NewContext());
        var buffer = new byte[16];

        Assert.Equal(PcscError.ProtoMismatch, Pcsc.Transmit(card, CardProtocol.T0, Hex.Bytes("00A4000C023F00"), buffer, out _));
    }

    [Fact]
    public void A_receive_buffer_too_small_for_the_response_answers_InsufficientBuffer_with_the_needed_length()
    {
        var card = Connect(NewContext());
        Send(card, "00A4080C04 50005001");

        var error = Pcsc.Transmit(card, CardProtocol.T1, Hex.Bytes("00B0000005"), new byte[4], out int received);

        Assert.Equal(PcscError.InsufficientBuffer, error);
        Assert.Equal(7, received);
    }

    [Fact]
    public void Removal_during_a_command_answers_NotTransacted_and_empties_the_reader()
    {
        var monitor = NewContext();
        var card = Connect(NewContext());
        Card.Faults.RemoveDuringNextCommand();

        Assert.Equal(PcscError.NotTransacted, Send(card, "00A4000C023F00").Error);

        Assert.Null(Reader.Card);
        Assert.Equal(ReaderStateFlags.Empty, Snapshot(monitor).EventFlags & ~ReaderStateFlags.Changed & ~ReaderStateFlags.InUse);
        Assert.Equal(PcscError.RemovedCard, Send(card, "00A4000C023F00").Error);
    }

    [Fact]
    public void A_card_pulled_unnoticed_still_reads_present_fails_every_command_and_a_reset_finds_the_reader_empty()
    {
        var monitor = NewContext();
        var card = Connect(NewContext());

        Reader.PullUnnoticed();

        Assert.Equal(PcscError.NotTransacted, Send(card, "00A4000C023F00").Error);
        Assert.Equal(PcscError.NotTransacted, Send(card, "00A4000C023F00").Error);
        Assert.Equal(PcscError.Success, Pcsc.Status(card, out var status));
        Assert.True(status.State.HasFlag(CardState.Present));
        Assert.True(Snapshot(monitor).EventFlags.HasFlag(ReaderStateFlags.Present));
        Assert.Equal(PcscError.NoSmartcard, Pcsc.Reconnect(card, ShareMode.Shared, CardProtocol.Any, CardDisposition.Reset, out _));
        Assert.Null(Reader.Card);
        Assert.True(Snapshot(monitor).EventFlags.HasFlag(ReaderStateFlags.Empty));
    }

    [Fact]
    public async Task A_card_pulled_during_a_long_command_ends_that_Transmit_with_NotTransacted()
    {
        var card = Connect(NewContext());
        Card.Faults.Latency = TimeSpan.FromHours(1);

        var transmit = OnOwnThread(() => Send(card, "00A4000C023F00"));
        await Eventually.True(() => Pcsc.ExchangesInFlight == 1, "the command is in the card");
        Reader.Remove();

        Assert.Equal(PcscError.NotTransacted, (await Within(transmit)).Error);
    }

    [Fact]
    public void A_wrong_answer_fault_reaches_the_caller()
    {
        var card = Connect(NewContext());
        Card.Faults.CorruptNextResponses(1, 0x6F00);

        Assert.Equal((PcscError.Success, "6F00"), Send(card, "00A4000C023F00"));
    }

    [Fact]
    public void EndTransaction_without_BeginTransaction_answers_NotTransacted()
    {
        var card = Connect(NewContext());

        Assert.Equal(PcscError.NotTransacted, Pcsc.EndTransaction(card, CardDisposition.Leave));
        Assert.Equal(PcscError.Success, Pcsc.BeginTransaction(card));
        Assert.Equal(PcscError.Success, Pcsc.BeginTransaction(card));
        Assert.Equal(PcscError.Success, Pcsc.EndTransaction(card, CardDisposition.Leave));
    }

    [Fact]
    public async Task A_transaction_blocks_another_handles_BeginTransaction_and_Transmit_until_EndTransaction()
    {
        var holder = Connect(NewContext());
        var other = Connect(NewContext());
        Assert.Equal(PcscError.Success, Pcsc.BeginTransaction(holder));

        var begin = OnOwnThread(() => Pcsc.BeginTransaction(other));
        var transmit = OnOwnThread(() => Send(Connect(NewContext()), "00A4000C023F00").Error);
        await Eventually.True(() => Pcsc.BlockedTransactionWaits == 2, "both calls wait for the transaction");
        Assert.Equal((PcscError.Success, "9000"), Send(holder, "00A4000C023F00"));

        Assert.Equal(PcscError.Success, Pcsc.EndTransaction(holder, CardDisposition.Leave));

        Assert.Equal(PcscError.Success, await Within(begin));
        Pcsc.EndTransaction(other, CardDisposition.Leave);
        Assert.Equal(PcscError.Success, await Within(transmit));
    }

    [Fact]
    public async Task Disconnect_of_the_holder_releases_the_transaction()
    {
        var holder = Connect(NewContext());
        var other = Connect(NewContext());
        Pcsc.BeginTransaction(holder);

        var begin = OnOwnThread(() => Pcsc.BeginTransaction(other));
        await Eventually.True(() => Pcsc.BlockedTransactionWaits == 1, "the call waits for the transaction");
        Pcsc.Disconnect(holder, CardDisposition.Leave);

        Assert.Equal(PcscError.Success, await Within(begin));
    }

    [Fact]
    public async Task Removing_the_card_releases_a_blocked_BeginTransaction_with_RemovedCard()
    {
        var holder = Connect(NewContext());
        var other = Connect(NewContext());
        Pcsc.BeginTransaction(holder);

        var begin = OnOwnThread(() => Pcsc.BeginTransaction(other));
        await Eventually.True(() => Pcsc.BlockedTransactionWaits == 1, "the call waits for the transaction");
        Reader.Remove();

        Assert.Equal(PcscError.RemovedCard, await Within(begin));
    }

    [Fact]
    public async Task StopService_releases_a_blocked_BeginTransaction_with_NoService()
    {
        var holder = Connect(NewContext());
        var other = Connect(NewContext());
        Pcsc.BeginTransaction(holder);

        var begin = OnOwnThread(() => Pcsc.BeginTransaction(other));
        await Eventually.True(() => Pcsc.BlockedTransactionWaits == 1, "the call waits for the transaction");
        Pcsc.StopService();

        Assert.Equal(PcscError.NoService, await Within(begin));
    }

    [Fact]
    public void EndTransaction_with_Reset_flags_the_other_handles()
    {
        var holder = Connect(NewContext());
        var other = Connect(NewContext());
        Pcsc.BeginTransaction(holder);

        Assert.Equal(PcscError.Success, Pcsc.EndTransaction(holder, CardDisposition.Reset));

        Assert.Equal(PcscError.ResetCard, Send(other, "00A4000C023F00").Error);
        Assert.Equal((PcscError.Success, "9000"), Send(holder, "00A4000C023F00"));
    }

    [Fact]
    public async Task Many_threads_with_their_own_contexts_transmit_at_once()
    {
        var results = await Within(Task.WhenAll(Enumerable.Range(0, 8).Select(_ => OnOwnThread(() =>
        {
            var context = NewContext();
            var card = Connect(context);
            var outcomes = Enumerable.Range(0, 200).Select(_ => Send(card, "00A4000C023F00")).ToList();
            Pcsc.Disconnect(card, CardDisposition.Leave);
            Pcsc.ReleaseContext(context);
            return outcomes;
        }))));

        Assert.All(results.SelectMany(r => r), r => Assert.Equal((PcscError.Success, "9000"), r));
        Assert.Equal(0, Pcsc.OpenContextCount);
        Assert.Equal(0, Pcsc.OpenCardHandleCount);
    }
}
