using Akka.Actor;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Tests.Support;
using SmartCardFleet.Pcsc;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using Xunit.Abstractions;

namespace SmartCardFleet.Core.Tests.Readers;

public sealed class ReaderCardIoSpecs(ITestOutputHelper output) : FleetSpec(output)
{
    private static readonly byte[] Uid = [0x01, 0x02, 0x03, 0x04];

    [Fact]
    public void When_a_card_is_present_at_start_it_is_attached_and_answers_an_apdu()
    {
        var manager = StartManager();
        var id = AddReaderWithCard("Reader A 00 00", new StorageCard(Uid));

        var reply = Ask<Transmitted>(manager, new ToReader(id, new Transmit(GetUid)));

        Assert.Equal(Uid, reply.Data);
        Assert.Equal(0x9000, reply.StatusWord);
        Assert.Equal(id, reply.ReaderId);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(65545)]
    public void When_the_command_length_is_outside_4_to_65544_bytes_the_request_is_refused_with_a_clear_error(int length)
    {
        var manager = StartManager();
        var id = AddReaderWithCard("Reader A 00 00");

        var failure = AskFailure(manager, new ToReader(id, new Transmit(new byte[length])));

        Assert.Equal(ReaderFailureReason.InvalidRequest, failure.Reason);
        Assert.Contains("4..65544", failure.Message, StringComparison.Ordinal);
    }

    /// <summary>Reset: another process reset the card, the handle reports SCARD_W_RESET_CARD. Race: pcsc-lite cleared the
    /// card's protocol after our handle had acknowledged the reset flag, so every transmit fails SCARD_E_PROTO_MISMATCH
    /// until a reconnect negotiates again (docs/pcsc-notes.md §9). Either way CardReset names the cause and the request
    /// is retried once after the reconnect.</summary>
    [Theory]
    [InlineData("reset", PcscError.ResetCard)]
    [InlineData("race", PcscError.ProtoMismatch)]
    public void When_another_process_resets_the_card_CardReset_is_published_and_the_request_is_retried_once(string fault, PcscError cause)
    {
        var manager = StartManager();
        var id = AddReaderWithCard("Reader A 00 00", new StorageCard(Uid));
        var reader = Pcsc.GetReader("Reader A 00 00");

        if (fault == "reset")
        {
            reader.ResetByOtherProcess();
        }
        else
        {
            reader.ResetRacingAcknowledgement();
        }

        var reply = Ask<Transmitted>(manager, new ToReader(id, new Transmit(GetUid)));

        Assert.Equal(Uid, reply.Data);
        var reset = ExpectEvent<CardReset>(e => e.ReaderId == id);
        Assert.Equal(cause, reset.Cause);
        Assert.Equal(Uid, Ask<Transmitted>(manager, new ToReader(id, new Transmit(GetUid))).Data);
    }

    [Fact]
    public void When_the_card_is_removed_mid_command_the_request_fails_CardGone_and_the_next_insertion_works()
    {
        var manager = StartManager();
        var card = new StorageCard(Uid);
        var id = AddReaderWithCard("Reader A 00 00", card);

        card.Faults.RemoveDuringNextCommand();
        var failure = AskFailure(manager, new ToReader(id, new Transmit(GetUid)));
        Assert.Equal(ReaderFailureReason.CardGone, failure.Reason);
        AwaitAssert(() => Assert.Equal(ReaderState.NoCard, Ask<ReaderSnapshot>(manager, new ToReader(id, GetStatus.Instance)).State), Wait);
        Assert.Equal(0, Pcsc.OpenCardHandleCount);

        Pcsc.GetReader("Reader A 00 00").Insert(new StorageCard([0x0A, 0x0B, 0x0C, 0x0D]));
        ExpectEvent<CardAttached>(e => e.ReaderId == id);
        Assert.Equal([0x0A, 0x0B, 0x0C, 0x0D], Ask<Transmitted>(manager, new ToReader(id, new Transmit(GetUid))).Data);
    }

    [Fact]
    public void When_the_reader_has_no_eject_mechanism_Eject_is_refused_up_front_and_the_card_stays_attached()
    {
        var manager = StartManager();
        var id = AddReaderWithCard("Reader A 00 00");
        Pcsc.GetReader("Reader A 00 00").CanEject = false;

        var failure = AskFailure(manager, new ToReader(id, new Detach(CardDisposition.Eject)));

        Assert.Equal(ReaderFailureReason.Unsupported, failure.Reason);
        Assert.Equal(ReaderState.Attached, Ask<ReaderSnapshot>(manager, new ToReader(id, GetStatus.Instance)).State);
    }

    [Fact]
    public void When_the_reader_can_eject_Detach_with_Eject_is_carried_out()
    {
        var manager = StartManager();
        var id = AddReaderWithCard("Reader A 00 00");
        Pcsc.GetReader("Reader A 00 00").CanEject = true;

        var detached = Ask<Detached>(manager, new ToReader(id, new Detach(CardDisposition.Eject)));

        Assert.Equal(CardDisposition.Eject, detached.Disposition);
        Assert.Equal(0, Pcsc.OpenCardHandleCount);
    }

    [Fact]
    public void When_a_live_handle_of_this_reader_is_adopted_the_actor_owns_it_and_transmits_on_it()
    {
        var manager = StartManager();
        var id = AddReaderWithCard("Reader A 00 00", new StorageCard(Uid));
        Ask<Detached>(manager, new ToReader(id, new Detach()));
        var handle = ConnectElsewhere("Reader A 00 00", out var context);

        var attached = Ask<Attached>(manager, new ToReader(id, new AttachByHandle(handle)));
        Assert.Equal(Uid, Ask<Transmitted>(manager, new ToReader(id, new Transmit(GetUid))).Data);
        Ask<Detached>(manager, new ToReader(id, new Detach()));

        Assert.Equal(id, attached.ReaderId);
        Assert.Equal(0, Pcsc.OpenCardHandleCount);
        Pcsc.ReleaseContext(context);
    }

    [Fact]
    public void When_the_handle_belongs_to_another_reader_AttachByHandle_fails_InvalidHandle_and_does_not_take_it()
    {
        var manager = StartManager();
        var id = AddReaderWithCard("Reader A 00 00");
        AddReaderWithCard("Reader B 00 01");
        Ask<Detached>(manager, new ToReader(id, new Detach()));
        var foreign = ConnectElsewhere("Reader B 00 01", out var context);
        var handlesBefore = Pcsc.OpenCardHandleCount;

        var failure = AskFailure(manager, new ToReader(id, new AttachByHandle(foreign)));

        Assert.Equal(ReaderFailureReason.InvalidHandle, failure.Reason);
        Assert.Contains("Reader B 00 01", failure.Message, StringComparison.Ordinal);
        Assert.Equal(ReaderState.CardPresent, Ask<ReaderSnapshot>(manager, new ToReader(id, GetStatus.Instance)).State);
        Assert.Equal(handlesBefore, Pcsc.OpenCardHandleCount);
        Assert.Equal(PcscError.Success, Pcsc.Disconnect(foreign, CardDisposition.Leave));
        Pcsc.ReleaseContext(context);
    }

    [Fact]
    public void When_a_reconnect_with_cold_reset_is_requested_the_reply_carries_the_protocol_and_ATR()
    {
        var manager = StartManager();
        var card = new StorageCard();
        var id = AddReaderWithCard("Reader A 00 00", card);

        var reconnected = Ask<Reconnected>(manager, new ToReader(id, new Reconnect(Initialization: CardDisposition.Unpower)));

        Assert.Equal(card.Atr, reconnected.Atr);
        Assert.NotEqual(CardProtocol.Undefined, reconnected.Protocol);
    }

    [Fact]
    public void When_auto_attach_is_switched_off_a_new_card_is_only_reported_not_attached()
    {
        var manager = StartManager();
        var id = AddReaderWithCard("Reader A 00 00");
        Ask<AutoAttachChanged>(manager, new ToReader(id, new SetAutoAttach(false)));
        Ask<Detached>(manager, new ToReader(id, new Detach()));

        Pcsc.GetReader("Reader A 00 00").Remove();
        ExpectEvent<CardRemoved>(e => e.ReaderId == id);
        Pcsc.GetReader("Reader A 00 00").Insert(new StorageCard());
        ExpectEvent<CardInserted>(e => e.ReaderId == id);

        AwaitAssert(() => Assert.Equal(ReaderState.CardPresent, Ask<ReaderSnapshot>(manager, new ToReader(id, GetStatus.Instance)).State), Wait);
        Assert.Equal(0, Pcsc.OpenCardHandleCount);
    }

    [Fact]
    public void When_another_process_holds_the_card_exclusively_Attach_fails_SharingViolation()
    {
        var manager = StartManager(FastSettings with { Reader = FastSettings.Reader with { AutoAttach = false } });
        Pcsc.AddReader("Reader A 00 00").Insert(new StorageCard());
        var id = new ReaderId("reader-a-00-00");
        ExpectEvent<CardInserted>(e => e.ReaderId == id);
        Assert.Equal(PcscError.Success, Pcsc.EstablishContext(PcscScope.User, out var context));
        Assert.Equal(PcscError.Success, Pcsc.Connect(context, "Reader A 00 00", ShareMode.Exclusive, CardProtocol.Any, out _, out _));

        var failure = AskFailure(manager, new ToReader(id, new Attach()));

        Assert.Equal((ReaderFailureReason.SharingViolation, PcscError.SharingViolation), (failure.Reason, failure.Error));
        Pcsc.ReleaseContext(context);
        Assert.Equal(id, Ask<Attached>(manager, new ToReader(id, new Attach())).ReaderId);
    }

    [Fact]
    public void A_mute_card_is_reported_as_mute_and_not_auto_attached()
    {
        var manager = StartManager();
        var reader = Pcsc.AddReader("Reader A 00 00");
        var id = ExpectEvent<ReaderAdded>().ReaderId!.Value;
        var card = new StorageCard();
        card.Faults.Mute = true;

        reader.Insert(card);

        Assert.True(ExpectEvent<CardInserted>(e => e.ReaderId == id).Mute);
        Assert.Equal(ReaderFailureReason.CardMute, AskFailure(manager, new ToReader(id, new Attach())).Reason);
        Assert.Equal(0, Pcsc.OpenCardHandleCount);
    }

    private nint ConnectElsewhere(string reader, out nint context)
    {
        Assert.Equal(PcscError.Success, Pcsc.EstablishContext(PcscScope.User, out context));
        Assert.Equal(PcscError.Success, Pcsc.Connect(context, reader, ShareMode.Shared, CardProtocol.Any, out var card, out _));
        return card;
    }
}
