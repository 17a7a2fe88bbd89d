using SmartCardFleet.VirtualCards.Cards;
using SmartCardFleet.VirtualCards.Cards.FileSystem;
using SmartCardFleet.VirtualCards.Faults;

namespace SmartCardFleet.VirtualCards.Tests.Faults;

public class CardExchangeTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private static readonly byte[] SelectMf = Hex.Bytes("00A4000C023F00");
    private readonly Iso7816FileSystemCard _card = DefaultPersonalisation.Create();

    [Fact]
    public void Without_faults_the_card_answers()
    {
        var result = CardExchange.Transmit(_card, SelectMf, CancellationToken.None);

        Assert.Equal(CardExchangeOutcome.Answered, result.Outcome);
        Assert.Equal("9000", Hex.Of(result.Response));
    }

    [Fact]
    public async Task Latency_blocks_the_caller_until_the_transport_gives_up()
    {
        _card.Faults.Latency = TimeSpan.FromHours(1);
        // The armed removal is taken when the exchange plans its command, which shows it has started before the
        // transport gives up; without the latency it would then end at once as RemovedDuringCommand.
        _card.Faults.RemoveDuringNextCommand();
        using var cts = new CancellationTokenSource();

        var exchange = Task.Factory.StartNew(() => CardExchange.Transmit(_card, SelectMf, cts.Token),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await Eventually.True(() => !_card.Faults.IsRemovalArmed, "the exchange to plan its command");
        Assert.False(exchange.IsCompleted);
        await cts.CancelAsync();

        var result = await exchange.WaitAsync(Deadline);
        Assert.Equal(CardExchangeOutcome.Interrupted, result.Outcome);
    }

    [Fact]
    public async Task A_long_command_only_delays_its_own_INS()
    {
        _card.Faults.SetLongCommand(0xB0, TimeSpan.FromHours(1));
        using var cts = new CancellationTokenSource();

        var select = await Task.Run(() => CardExchange.Transmit(_card, SelectMf, cts.Token)).WaitAsync(Deadline);
        var read = Task.Factory.StartNew(() => CardExchange.Transmit(_card, Hex.Bytes("00B0000001"), cts.Token),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await cts.CancelAsync();

        Assert.Equal(CardExchangeOutcome.Answered, select.Outcome);
        Assert.Equal(CardExchangeOutcome.Interrupted, (await read.WaitAsync(Deadline)).Outcome);
    }

    [Fact]
    public void Removal_during_the_next_command_fires_once_and_the_card_does_not_run_the_command()
    {
        _card.Faults.RemoveDuringNextCommand();

        var removed = CardExchange.Transmit(_card, Hex.Bytes("00200001 04 30303030"), CancellationToken.None);
        var after = CardExchange.Transmit(_card, Hex.Bytes("00200001"), CancellationToken.None);

        Assert.Equal(CardExchangeOutcome.RemovedDuringCommand, removed.Outcome);
        Assert.Empty(removed.Response);
        Assert.Equal("63C3", Hex.Of(after.Response));
        Assert.False(_card.Faults.IsRemovalArmed);
    }

    [Fact]
    public void A_wrong_answer_replaces_the_status_word_for_the_given_number_of_responses()
    {
        _card.Faults.CorruptNextResponses(2, 0x6581);

        var first = CardExchange.Transmit(_card, SelectMf, CancellationToken.None);
        var second = CardExchange.Transmit(_card, SelectMf, CancellationToken.None);
        var third = CardExchange.Transmit(_card, SelectMf, CancellationToken.None);

        Assert.Equal(0x6581, StatusWords.Of(first.Response));
        Assert.Equal(0x6581, StatusWords.Of(second.Response));
        Assert.Equal(StatusWords.Success, StatusWords.Of(third.Response));
    }

    [Fact]
    public void A_reset_request_reaches_the_subscribed_transport()
    {
        int requests = 0;
        _card.Faults.ResetRequested += (_, _) => Interlocked.Increment(ref requests);

        _card.Faults.RequestReset();

        Assert.Equal(1, requests);
    }

    [Fact]
    public void Clear_disarms_every_fault()
    {
        _card.Faults.Mute = true;
        _card.Faults.Latency = TimeSpan.FromHours(1);
        _card.Faults.RemoveDuringNextCommand();
        _card.Faults.CorruptNextResponses();

        _card.Faults.Clear();

        Assert.False(_card.Faults.Mute);
        Assert.Equal("9000", Hex.Of(CardExchange.Transmit(_card, SelectMf, CancellationToken.None).Response));
    }

    [Fact]
    public void Negative_latency_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _card.Faults.Latency = TimeSpan.FromSeconds(-1));
    }
}
