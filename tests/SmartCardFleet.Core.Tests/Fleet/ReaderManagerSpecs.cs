using SmartCardFleet.Abstractions.Cards;
using Akka.Actor;
using SmartCardFleet.Core.Configuration;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Tests.Support;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using Xunit.Abstractions;

namespace SmartCardFleet.Core.Tests.Fleet;

public sealed class ReaderManagerSpecs(ITestOutputHelper output) : FleetSpec(output)
{
    [Fact]
    public void When_a_reader_is_plugged_in_ReaderAdded_is_published_with_a_slug_id()
    {
        StartManager();

        Pcsc.AddReader("Virtual PCD 3 00 01");

        var added = ExpectEvent<ReaderAdded>();
        Assert.Equal(new ReaderId("virtual-pcd-3-00-01"), added.ReaderId);
        Assert.Equal("Virtual PCD 3 00 01", added.ReaderName);
    }

    [Fact]
    public void When_a_reader_is_unplugged_its_actor_stops_its_handle_is_released_and_requests_get_UnknownReader()
    {
        var manager = StartManager();
        var id = AddReaderWithCard("Reader A 00 00");
        AddReaderWithCard("Reader B 00 01");
        Assert.Equal(2, Pcsc.OpenCardHandleCount);

        Pcsc.RemoveReader("Reader A 00 00");

        Assert.Equal("Reader A 00 00", ExpectEvent<ReaderRemoved>().ReaderName);
        AwaitAssert(() => Assert.Equal(1, Pcsc.OpenCardHandleCount), Wait);
        Assert.Equal(ReaderFailureReason.UnknownReader, AskFailure(manager, new ToReader(id, GetStatus.Instance)).Reason);
    }

    [Fact]
    public void When_a_request_names_an_unknown_reader_the_manager_answers_UnknownReader()
    {
        var manager = StartManager();

        var failure = AskFailure(manager, new ToReader(new ReaderId("no-such-reader"), new Transmit(GetUid)));

        Assert.Equal(ReaderFailureReason.UnknownReader, failure.Reason);
        Assert.Equal(new ReaderId("no-such-reader"), failure.ReaderId);
    }

    [Fact]
    public void A_message_that_is_no_reader_request_gets_InvalidRequest_not_silence()
    {
        var manager = StartManager();
        var id = AddReaderWithCard("Reader A 00 00");

        var failure = AskFailure(manager, new ToReader(id, "select the applet please"));

        Assert.Equal(ReaderFailureReason.InvalidRequest, failure.Reason);
        Assert.Contains("String", failure.Message, StringComparison.Ordinal);
        Assert.Equal(ReaderFailureReason.InvalidRequest, AskFailure(manager, new ToReader(id, null!)).Reason);
    }

    [Fact]
    public void Listing_readers_returns_a_snapshot_of_each()
    {
        var manager = StartManager();
        var a = AddReaderWithCard("Reader A 00 00");
        Pcsc.AddReader("Reader B 00 01");
        ExpectEvent<ReaderAdded>(e => e.ReaderName == "Reader B 00 01");

        var list = Ask<ReaderList>(manager, ListReaders.Instance);

        Assert.Empty(list.Unavailable);
        Assert.Collection(list.Readers,
            r => Assert.Equal((a, ReaderState.Attached), (r.ReaderId, r.State)),
            r => Assert.Equal(ReaderState.NoCard, r.State));
    }

    [Fact]
    public void When_one_reader_is_busy_past_the_query_timeout_the_list_still_answers_and_names_it()
    {
        var manager = StartManager(FastSettings with { QueryTimeout = TimeSpan.FromMilliseconds(500) });
        var slowCard = new StorageCard();
        var slow = AddReaderWithCard("Reader A 00 00", slowCard);
        AddReaderWithCard("Reader B 00 01");
        slowCard.Faults.Latency = TimeSpan.FromSeconds(3);
        manager.Tell(new ToReader(slow, new Transmit(GetUid)), CreateTestProbe().Ref);

        var list = Ask<ReaderList>(manager, ListReaders.Instance);

        Assert.Single(list.Readers);
        var unavailable = Assert.Single(list.Unavailable);
        Assert.Equal((slow, ReaderFailureReason.Timeout), (unavailable.ReaderId!.Value, unavailable.Reason));
    }

    [Fact]
    public void Finding_a_card_by_ATR_and_mask_names_the_reader_that_holds_it()
    {
        var manager = StartManager();
        AddReaderWithCard("Reader A 00 00");
        var card = new StorageCard();
        var id = AddReaderWithCard("Reader B 00 01", card);
        Pcsc.AddReader("Reader C 00 02");

        var found = Ask<CardFound>(manager, new FindCard(new AtrPattern(card.Atr)));

        // Both A and B hold storage cards with the same ATR; the lowest reader name wins, deterministically.
        Assert.Equal(new ReaderId("reader-a-00-00"), found.ReaderId);
        Assert.Equal(card.Atr, found.Atr);
        Assert.NotEqual(id, found.ReaderId);
    }

    [Fact]
    public void When_no_card_matches_FindCard_answers_NoCard()
    {
        var manager = StartManager();
        AddReaderWithCard("Reader A 00 00");

        var failure = AskFailure(manager, new FindCard(AtrPattern.Parse("3B 00", "FF FF")));

        Assert.Equal(ReaderFailureReason.NoCard, failure.Reason);
    }

    [Fact]
    public void Waiting_for_a_card_answers_when_a_matching_card_is_inserted()
    {
        var manager = StartManager();
        var reader = Pcsc.AddReader("Reader A 00 00");
        ExpectEvent<ReaderAdded>();
        var card = new StorageCard();
        manager.Tell(new WaitForCard(new AtrPattern(card.Atr), TimeSpan.FromSeconds(10)), TestActor);
        // The manager answers in order: once FindCard is answered, the wait has been registered and not answered.
        Assert.Equal(ReaderFailureReason.NoCard, AskFailure(manager, new FindCard(new AtrPattern(card.Atr))).Reason);
        ExpectNoMsg(TimeSpan.Zero);

        reader.Insert(card);

        Assert.Equal(new ReaderId("reader-a-00-00"), ExpectMsg<CardFound>(Wait).ReaderId);
    }

    [Fact]
    public void Readers_excluded_by_pattern_get_no_actor()
    {
        var manager = StartManager(FastSettings with { ExcludeReaders = ["*SAM*"] });
        Pcsc.AddReader("Reader SAM 00 00");
        Pcsc.AddReader("Reader A 00 01");

        ExpectEvent<ReaderAdded>(e => e.ReaderName == "Reader A 00 01");

        var list = Ask<ReaderList>(manager, ListReaders.Instance);
        Assert.Equal(["Reader A 00 01"], list.Readers.Select(r => r.ReaderName));
    }

    [Fact]
    public void A_large_simulated_fleet_can_share_the_ForkJoin_card_io_pool()
    {
        var settings = FastSettings with { Reader = FastSettings.Reader with { DispatcherId = CoreConfig.SharedCardIoDispatcherId } };
        var manager = StartManager(settings);
        for (var i = 0; i < 60; i++)
        {
            Pcsc.AddReader($"Virtual PCD {i / 10} 00 {i % 10:00}").Insert(new StorageCard());
        }

        AwaitAssert(() => Assert.Equal(60, Pcsc.OpenCardHandleCount), Wait);
        var list = Ask<ReaderList>(manager, ListReaders.Instance);

        Assert.Equal(60, list.Readers.Count(r => r.State == ReaderState.Attached));
        Assert.Empty(list.Unavailable);
    }

    [Fact]
    public void Card_insertion_and_removal_are_published_as_fleet_events()
    {
        StartManager();
        var reader = Pcsc.AddReader("Reader A 00 00");
        ExpectEvent<ReaderAdded>();
        var card = new StorageCard();

        // The new reader actor may find the card itself before the monitor reports it: the order of these two varies.
        reader.Insert(card);
        var arrival = ExpectEvents(typeof(CardInserted), typeof(CardAttached));
        reader.Remove();
        var departure = ExpectEvents(typeof(CardRemoved), typeof(CardDetached));
        var inserted = (CardInserted)arrival[typeof(CardInserted)];
        var attached = (CardAttached)arrival[typeof(CardAttached)];
        var detached = (CardDetached)departure[typeof(CardDetached)];

        Assert.Equal(card.Atr, inserted.Atr);
        Assert.Equal(attached.Session, detached.Session);
        Assert.True(inserted.Timestamp <= detached.Timestamp);
    }
}
