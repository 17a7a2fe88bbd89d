using SmartCardFleet.Pcsc.Tests.Fakes;

namespace SmartCardFleet.Pcsc.Tests;

public sealed class CardConnectionTests
{
    [Fact]
    public void Dispose_disconnects_once_leaving_the_card_by_default()
    {
        var api = new RecordingPcscApi();
        using var context = PcscContext.Establish(api);
        var card = context.Connect("Reader A");
        card.Dispose();
        card.Dispose();
        Assert.Equal([$"Disconnect {card.RawHandle} Leave"], api.Calls.Where(c => c.StartsWith("Disconnect", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(CardDisposition.Reset)]
    [InlineData(CardDisposition.Unpower)]
    [InlineData(CardDisposition.Eject)]
    public void The_disposition_chosen_before_dispose_is_the_one_used(CardDisposition disposition)
    {
        var api = new RecordingPcscApi();
        using var context = PcscContext.Establish(api);
        var card = context.Connect("Reader A");
        card.DisposeDisposition = disposition;
        card.Dispose();
        Assert.Contains($"Disconnect {card.RawHandle} {disposition}", api.Calls);
    }

    [Fact]
    public void Transmit_returns_the_response_and_uses_the_active_protocol()
    {
        var api = new RecordingPcscApi { TransmitResponse = [0x61, 0x10] };
        using var context = PcscContext.Establish(api);
        using var card = context.Connect("Reader A");
        Assert.Equal([0x61, 0x10], card.Transmit([0x00, 0xA4, 0x04, 0x00]));
        Assert.Contains($"Transmit {card.RawHandle} T1 00A40400", api.Calls);
    }

    [Fact]
    public void A_failed_transmit_throws_with_the_exact_code_and_class()
    {
        var api = new RecordingPcscApi { TransmitResult = PcscError.RemovedCard };
        using var context = PcscContext.Establish(api);
        using var card = context.Connect("Reader A");
        var ex = Assert.Throws<PcscException>(() => card.Transmit([0x00, 0xB0, 0x00, 0x00, 0x00]));
        Assert.Equal(PcscError.RemovedCard, ex.Error);
        Assert.Equal(PcscErrorClass.CardGone, ex.Class);
        Assert.Equal("SCardTransmit", ex.Operation);
    }

    [Fact]
    public void When_an_api_returns_no_status_word_transmit_throws_lost_data_which_is_card_gone_once_the_card_left()
    {
        var api = new RecordingPcscApi { TransmitResponse = [] };
        using var context = PcscContext.Establish(api);
        using var card = context.Connect("Reader A");
        var ex = Assert.Throws<PcscException>(() => card.Transmit([0x00, 0xB0, 0x00, 0x00, 0x00]));
        Assert.Equal(PcscError.CommDataLost, ex.Error);
        Assert.Equal(PcscErrorClass.CardGone, PcscErrorClassifier.Classify(ex.Error, PcscCallKind.CardRemoved));
    }

    [Fact]
    public void Reconnect_updates_the_active_protocol()
    {
        var api = new RecordingPcscApi();
        using var context = PcscContext.Establish(api);
        using var card = context.Connect("Reader A");
        card.Reconnect(CardDisposition.Leave);
        Assert.Equal(CardProtocol.T0, card.ActiveProtocol);
        Assert.Contains($"Reconnect {card.RawHandle} Leave", api.Calls);
    }

    [Fact]
    public void Ending_a_transaction_that_was_never_begun_reports_not_transacted()
    {
        using var context = PcscContext.Establish(new RecordingPcscApi());
        using var card = context.Connect("Reader A");
        var ex = Assert.Throws<PcscException>(() => card.EndTransaction());
        Assert.Equal(PcscError.NotTransacted, ex.Error);
    }

    [Fact]
    public void A_reader_without_part_10_reports_no_features()
    {
        var api = new RecordingPcscApi();
        using var context = PcscContext.Establish(api);
        using var card = context.Connect("Reader A");
        Assert.Same(ReaderFeatures.None, card.GetFeatures());
        Assert.Contains($"Control {PcscControlCode.GetFeatureRequest}", api.Calls);
    }

    [Fact]
    public void Using_a_disconnected_card_is_an_ObjectDisposedException()
    {
        using var context = PcscContext.Establish(new RecordingPcscApi());
        var card = context.Connect("Reader A");
        card.Disconnect(CardDisposition.Leave);
        Assert.Throws<ObjectDisposedException>(() => card.Transmit([0x00, 0x00, 0x00, 0x00]));
    }
}
