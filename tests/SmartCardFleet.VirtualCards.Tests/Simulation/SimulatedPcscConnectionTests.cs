using SmartCardFleet.Pcsc;

namespace SmartCardFleet.VirtualCards.Tests.Simulation;

public class SimulatedPcscConnectionTests : SimulatedPcscTestBase
{
    [Fact]
    public void Connect_on_an_empty_reader_answers_NoSmartcard_but_Direct_works_without_a_card()
    {
        var context = NewContext();

        Assert.Equal(PcscError.NoSmartcard, Pcsc.Connect(context, ReaderName, ShareMode.Shared, CardProtocol.Any, out _, out _));
        Assert.Equal(PcscError.Success, Pcsc.Connect(context, ReaderName, ShareMode.Direct, CardProtocol.Undefined, out var direct, out var protocol));

        Assert.Equal(CardProtocol.Undefined, protocol);
        Assert.Equal(PcscError.Success, Pcsc.Status(direct, out var status));
        Assert.Equal(CardState.Absent, status.State);
    }

    [Fact]
    public void A_direct_connection_made_on_an_empty_reader_reaches_a_card_inserted_later_after_Reconnect()
    {
        var card = Connect(NewContext(), ShareMode.Direct);
        Reader.Insert(Card);

        Assert.Equal(PcscError.Success, Pcsc.Reconnect(card, ShareMode.Shared, CardProtocol.Any, CardDisposition.Leave, out var protocol));

        Assert.Equal(CardProtocol.T1, protocol);
        Assert.Equal((PcscError.Success, "9000"), Send(card, "00A4000C023F00"));
    }

    [Fact]
    public void Connect_to_an_unknown_reader_answers_UnknownReader()
    {
        Assert.Equal(PcscError.UnknownReader, Pcsc.Connect(NewContext(), "nope", ShareMode.Shared, CardProtocol.Any, out _, out _));
    }

    [Fact]
    public void Connect_to_a_mute_card_answers_UnresponsiveCard()
    {
        Card.Faults.Mute = true;
        Reader.Insert(Card);

        Assert.Equal(PcscError.UnresponsiveCard, Pcsc.Connect(NewContext(), ReaderName, ShareMode.Shared, CardProtocol.Any, out _, out _));
    }

    [Fact]
    public void Exclusive_and_shared_connections_exclude_each_other()
    {
        Reader.Insert(Card);
        var exclusive = Connect(NewContext(), ShareMode.Exclusive);
        var other = NewContext();

        Assert.Equal(PcscError.SharingViolation, Pcsc.Connect(other, ReaderName, ShareMode.Shared, CardProtocol.Any, out _, out _));
        Assert.Equal(PcscError.SharingViolation, Pcsc.Connect(other, ReaderName, ShareMode.Direct, CardProtocol.Undefined, out _, out _));
        Pcsc.Disconnect(exclusive, CardDisposition.Leave);
        Connect(other);
        Assert.Equal(PcscError.SharingViolation, Pcsc.Connect(NewContext(), ReaderName, ShareMode.Exclusive, CardProtocol.Any, out _, out _));
    }

    [Fact]
    public void Status_reports_reader_name_state_protocol_and_ATR()
    {
        Reader.Insert(Card);
        var card = Connect(NewContext());

        Assert.Equal(PcscError.Success, Pcsc.Status(card, out var status));

        Assert.Equal(ReaderName, status.ReaderName);
        Assert.Equal(CardState.Present | CardState.Powered | CardState.Specific, status.State);
        Assert.Equal(CardProtocol.T1, status.Protocol);
        Assert.Equal(Card.Atr, status.Atr);
    }

    [Fact]
    public void The_first_connection_fixes_the_protocol_and_a_later_one_asking_for_another_gets_ProtoMismatch()
    {
        Reader.Insert(Card);
        Assert.Equal(PcscError.Success, Pcsc.Connect(NewContext(), ReaderName, ShareMode.Shared, CardProtocol.T0, out _, out var first));

        Assert.Equal(CardProtocol.T0, first);
        Assert.Equal(PcscError.ProtoMismatch, Pcsc.Connect(NewContext(), ReaderName, ShareMode.Shared, CardProtocol.T1, out _, out _));
    }

    [Fact]
    public void Reconnect_with_Reset_resets_the_card_and_flags_only_the_other_handles_until_they_reconnect()
    {
        Reader.Insert(Card);
        var mine = Connect(NewContext());
        var theirs = Connect(NewContext());
        Assert.Equal("9000", Send(theirs, "00200001 04 31323334").Response);

        Assert.Equal(PcscError.Success, Pcsc.Reconnect(mine, ShareMode.Shared, CardProtocol.Any, CardDisposition.Reset, out var protocol));

        Assert.Equal(CardProtocol.T1, protocol);
        Assert.Equal("63C3", Send(mine, "00200001").Response);
        Assert.Equal(PcscError.ResetCard, Send(theirs, "00200001").Error);
        Assert.Equal(PcscError.ResetCard, Pcsc.BeginTransaction(theirs));
        Assert.Equal(PcscError.Success, Pcsc.Reconnect(theirs, ShareMode.Shared, CardProtocol.Any, CardDisposition.Leave, out _));
        Assert.Equal((PcscError.Success, "63C3"), Send(theirs, "00200001"));
    }

    [Theory]
    [InlineData(CardDisposition.Reset)]
    [InlineData(CardDisposition.Unpower)]
    public void Disconnect_with_Reset_or_Unpower_flags_the_other_handles(CardDisposition disposition)
    {
        Reader.Insert(Card);
        var mine = Connect(NewContext());
        var theirs = Connect(NewContext());

        Assert.Equal(PcscError.Success, Pcsc.Disconnect(mine, disposition));

        Assert.Equal(PcscError.ResetCard, Pcsc.Status(theirs, out _));
    }

    [Fact]
    public void ResetByOtherProcess_flags_every_handle_and_the_card_reset_fault_does_the_same()
    {
        Reader.Insert(Card);
        var card = Connect(NewContext());

        Reader.ResetByOtherProcess();
        Assert.Equal(PcscError.ResetCard, Send(card, "00200001").Error);
        Pcsc.Reconnect(card, ShareMode.Shared, CardProtocol.Any, CardDisposition.Leave, out _);

        Card.Faults.RequestReset();
        Assert.Equal(PcscError.ResetCard, Send(card, "00200001").Error);
    }

    [Fact]
    public void A_reset_racing_the_acknowledgement_leaves_no_pending_reset_but_ProtoMismatch_until_a_reconnect_negotiates_again()
    {
        Reader.Insert(Card);
        var card = Connect(NewContext());
        Assert.Equal(PcscError.Success, Send(card, "00200001").Error);

        Reader.ResetRacingAcknowledgement();

        Assert.Equal(PcscError.ProtoMismatch, Send(card, "00200001").Error);
        Assert.Equal(PcscError.ProtoMismatch, Send(card, "00200001").Error);
        Assert.Equal(PcscError.Success, Pcsc.Reconnect(card, ShareMode.Shared, CardProtocol.Any, CardDisposition.Leave, out var protocol));
        Assert.Equal(CardProtocol.T1, protocol);
        Assert.Equal(PcscError.Success, Send(card, "00200001").Error);
    }

    [Fact]
    public void Eject_empties_a_reader_that_can_eject()
    {
        Reader.Insert(Card);
        Reader.CanEject = true;
        var card = Connect(NewContext());

        Assert.Equal(PcscError.Success, Pcsc.Disconnect(card, CardDisposition.Eject));

        Assert.Null(Reader.Card);
        Assert.Equal(2, Reader.EventCounter);
    }

    [Fact]
    public void Eject_on_a_reader_that_cannot_eject_acts_as_Unpower()
    {
        Reader.Insert(Card);
        var mine = Connect(NewContext());
        var theirs = Connect(NewContext());

        Assert.Equal(PcscError.Success, Pcsc.Disconnect(mine, CardDisposition.Eject));

        Assert.Same(Card, Reader.Card);
        Assert.Equal(PcscError.ResetCard, Pcsc.Status(theirs, out _));
    }

    [Fact]
    public void A_removed_card_gives_RemovedCard_until_disconnect_even_after_a_new_card_is_inserted()
    {
        Reader.Insert(Card);
        var card = Connect(NewContext());

        Reader.Remove();
        Reader.Insert(Storage());

        Assert.Equal(PcscError.RemovedCard, Send(card, "00A4000C023F00").Error);
        Assert.Equal(PcscError.RemovedCard, Pcsc.Reconnect(card, ShareMode.Shared, CardProtocol.Any, CardDisposition.Leave, out _));
        Assert.Equal(PcscError.Success, Pcsc.Disconnect(card, CardDisposition.Leave));
        Assert.Equal(0, Pcsc.OpenCardHandleCount);
    }

    [Fact]
    public void A_removed_reader_gives_ReaderUnavailable_to_its_handles()
    {
        Reader.Insert(Card);
        var card = Connect(NewContext());

        Pcsc.RemoveReader(ReaderName);

        Assert.Equal(PcscError.ReaderUnavailable, Send(card, "00A4000C023F00").Error);
        Assert.Equal(PcscError.ReaderUnavailable, Pcsc.Reconnect(card, ShareMode.Shared, CardProtocol.Any, CardDisposition.Leave, out _));
        Assert.True(Reader.IsRemoved);
    }

    [Fact]
    public void Attributes_name_the_vendor_serial_characteristics_and_ATR()
    {
        Reader.Insert(Card);
        Reader.CanEject = true;
        var card = Connect(NewContext());

        Assert.Equal(PcscError.Success, Pcsc.GetAttrib(card, 0x00010100, out var vendor));
        Assert.Equal(PcscError.Success, Pcsc.GetAttrib(card, 0x00010103, out var serial));
        Assert.Equal(PcscError.Success, Pcsc.GetAttrib(card, 0x00060150, out var characteristics));
        Assert.Equal(PcscError.Success, Pcsc.GetAttrib(card, 0x00090303, out var atr));

        Assert.Equal("SmartCardFleet\0", System.Text.Encoding.ASCII.GetString(vendor));
        Assert.Equal("SIM-0001\0", System.Text.Encoding.ASCII.GetString(serial));
        Assert.Equal(2u, BitConverter.ToUInt32(characteristics));
        Assert.Equal(Card.Atr, atr);
        Assert.Equal(PcscError.UnsupportedFeature, Pcsc.GetAttrib(card, 0x12345678, out _));
        Assert.Equal(PcscError.UnsupportedFeature, Pcsc.SetAttrib(card, 0x00010100, [1]));
    }

    [Fact]
    public void Control_uses_the_readers_handler_or_answers_UnsupportedFeature()
    {
        var card = Connect(NewContext(), ShareMode.Direct);
        var output = new byte[16];

        Assert.Equal(PcscError.UnsupportedFeature, Pcsc.Control(card, 3400, [], output, out _));

        Reader.ControlHandler = (code, input) => [(byte)(code >> 8), (byte)code, .. input];
        Assert.Equal(PcscError.Success, Pcsc.Control(card, 3400, [0xAA], output, out int received));
        Assert.Equal("0D48AA", Hex.Of(output[..received]));
        Assert.Equal(PcscError.InsufficientBuffer, Pcsc.Control(card, 3400, [0xAA], new byte[2], out received));
        Assert.Equal(3, received);
    }

    private static SmartCardFleet.VirtualCards.Cards.Contactless.StorageCard Storage() => new();
}
