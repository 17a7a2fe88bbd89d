using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Integration.Tests.Actors.Support;
using SmartCardFleet.Integration.Tests.RealFleet;
using SmartCardFleet.Integration.Tests.Support;
using SmartCardFleet.Pcsc;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using Xunit.Abstractions;

namespace SmartCardFleet.Integration.Tests.Actors;

/// <summary>Insert, attach, talk, detach and remove through the reader actors, with a virtual card in a real reader.</summary>
[Collection(RealFleetCollection.Name)]
public sealed class CardLifecycleTests(RealFleetFixture fixture, ITestOutputHelper output) : StationSpec(fixture, output)
{
    private static readonly byte[] Uid = [0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66];
    private static readonly byte[] GetUid = [0xFF, 0xCA, 0x00, 0x00, 0x00];

    [Fact]
    public async Task An_inserted_card_is_reported_and_auto_attached_answers_commands_and_its_removal_detaches_it()
    {
        var manager = StartStation();
        var reader = IdOf(0);
        var card = new StorageCard(Uid);

        await using var inserted = await InsertAsync(0, card);

        Assert.Equal(card.Atr, ExpectEvent<CardInserted>(reader).Atr);
        var attached = ExpectEvent<CardAttached>(reader);
        Assert.Equal(card.Atr, attached.Atr);
        Assert.Equal(ShareMode.Shared, attached.ShareMode);
        var reply = Request<Transmitted>(manager, reader, new Transmit(GetUid));
        Assert.Equal(Uid, reply.Data);
        Assert.Equal(0x9000, reply.StatusWord);

        await inserted.RemoveAsync();

        var (_, detached) = ExpectEventsInAnyOrder<CardRemoved, CardDetached>(reader);
        Assert.Equal(attached.Session, detached.Session);
        AwaitAssert(() => Assert.Equal(ReaderState.NoCard, Request<ReaderSnapshot>(manager, reader, GetStatus.Instance).State), Wait);
        var failure = Request<ReaderFailure>(manager, reader, new Transmit(GetUid));
        Assert.Equal(ReaderFailureReason.NoCard, failure.Reason);
    }

    [Fact]
    public async Task Detach_with_each_disposition_does_exactly_that_to_the_card_and_Attach_starts_a_new_session()
    {
        var manager = StartStation();
        var reader = IdOf(1);
        var card = new InstrumentedCard(new StorageCard(Uid));
        await using var inserted = await InsertAsync(1, card);
        var session = ExpectEvent<CardAttached>(reader).Session;

        foreach (var disposition in new[] { CardDisposition.Leave, CardDisposition.Reset, CardDisposition.Unpower })
        {
            var (resets, powerOffs) = (card.Resets, card.PowerOffs);

            var detached = Request<Detached>(manager, reader, new Detach(disposition));
            Assert.Equal(session, detached.Session);
            Assert.Equal(disposition, ExpectEvent<CardDetached>(reader).Disposition);
            Assert.Equal(ReaderState.CardPresent, Request<ReaderSnapshot>(manager, reader, GetStatus.Instance).State);
            var attached = Request<Attached>(manager, reader, new Attach());
            Assert.NotEqual(session, attached.Session);
            session = attached.Session;
            // vpcd sends power controls without waiting for an answer; a command round trip comes after them.
            Assert.Equal(Uid, Request<Transmitted>(manager, reader, new Transmit(GetUid)).Data);

            Assert.Equal(disposition == CardDisposition.Reset ? resets + 1 : resets, card.Resets);
            Assert.Equal(disposition == CardDisposition.Unpower ? powerOffs + 1 : powerOffs, card.PowerOffs);
        }

        // vpcd has no eject mechanism: refused up front, the card stays attached.
        var eject = Request<ReaderFailure>(manager, reader, new Detach(CardDisposition.Eject));
        Assert.Equal(ReaderFailureReason.Unsupported, eject.Reason);
        Assert.Equal(ReaderState.Attached, Request<ReaderSnapshot>(manager, reader, GetStatus.Instance).State);
    }

    [Fact]
    public async Task Reconnect_with_leave_keeps_the_card_as_it_is_and_with_reset_resets_it_in_the_same_session()
    {
        var manager = StartStation();
        var reader = IdOf(2);
        var card = new InstrumentedCard(new StorageCard(Uid));
        await using var inserted = await InsertAsync(2, card);
        var attached = ExpectEvent<CardAttached>(reader);
        var resets = card.Resets;

        var leave = Request<Reconnected>(manager, reader, new Reconnect(Initialization: CardDisposition.Leave));
        Assert.Equal(Uid, Request<Transmitted>(manager, reader, new Transmit(GetUid)).Data);
        Assert.Equal(resets, card.Resets);

        var reset = Request<Reconnected>(manager, reader, new Reconnect(Initialization: CardDisposition.Reset));
        Assert.Equal(Uid, Request<Transmitted>(manager, reader, new Transmit(GetUid)).Data);
        Assert.Equal(resets + 1, card.Resets);

        Assert.All(new[] { leave, reset }, r =>
        {
            Assert.Equal(attached.Session, r.Session);
            Assert.Equal(card.Atr, r.Atr);
            Assert.Equal(attached.Protocol, r.Protocol);
        });
    }

    [Fact]
    public async Task GetStatus_describes_the_attached_card_the_transaction_holder_and_the_empty_reader()
    {
        var manager = StartStation();
        var reader = IdOf(3);
        var card = new StorageCard(Uid);
        await using var inserted = await InsertAsync(3, card);
        var insertion = ExpectEvent<CardInserted>(reader);
        var attached = ExpectEvent<CardAttached>(reader);

        var snapshot = Request<ReaderSnapshot>(manager, reader, GetStatus.Instance);
        Assert.Equal(reader, snapshot.ReaderId);
        Assert.Equal(Slot(3).ReaderName, snapshot.ReaderName);
        Assert.Equal(ReaderState.Attached, snapshot.State);
        Assert.Equal(card.Atr, snapshot.Atr);
        Assert.Equal(attached.Protocol, snapshot.Protocol);
        Assert.Equal(ShareMode.Shared, snapshot.ShareMode);
        Assert.Equal(attached.Session, snapshot.Session);
        Assert.Equal(insertion.InsertionCounter, snapshot.InsertionCounter);
        Assert.True(snapshot.AutoAttach);
        Assert.Null(snapshot.TransactionHolder);
        Assert.Null(snapshot.LastError);

        var begun = Request<TransactionBegun>(manager, reader, new BeginTransaction(TimeSpan.FromSeconds(10), "status-test"));
        var locked = Request<ReaderSnapshot>(manager, reader, GetStatus.Instance);
        Assert.Equal(ReaderState.InTransaction, locked.State);
        Assert.Equal("status-test", locked.TransactionHolder);
        Request<TransactionEnded>(manager, reader, new EndTransaction(begun.Transaction));

        await inserted.RemoveAsync();
        ExpectEvent<CardDetached>(reader);
        AwaitAssert(() =>
        {
            var empty = Request<ReaderSnapshot>(manager, reader, GetStatus.Instance);
            Assert.Equal(ReaderState.NoCard, empty.State);
            Assert.Null(empty.Atr);
            Assert.Null(empty.Protocol);
            Assert.Null(empty.Session);
            Assert.True(empty.InsertionCounter > insertion.InsertionCounter, $"counter {empty.InsertionCounter}");
        }, Wait);
    }
}
