using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Tests.Support;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using Xunit.Abstractions;
using static SmartCardFleet.Core.Tests.Fleet.TwoReaders;

namespace SmartCardFleet.Core.Tests.Fleet;

/// <summary>The in-process fast path (<see cref="ReaderRoutes"/>, <see cref="ReaderRequests"/>): which actor a
/// request goes to, and that it gets the same answers as <c>Ask(ToReader)</c> through the manager. Failures around the
/// fast path (crash, foreign lock, service loss) are in ReaderRequestsRecoverySpecs.</summary>
public sealed class ReaderRequestsSpecs(ITestOutputHelper output) : FleetSpec(output)
{

    [Fact]
    public async Task Requests_go_to_the_actor_the_published_routes_name_and_through_the_manager_whenever_they_name_none()
    {
        var manager = CreateTestProbe("manager");
        var reader = CreateTestProbe("reader");
        var id = new ReaderId("reader-a");
        var routes = ReaderRoutes.Get(Sys);
        // Made before the manager published anything (a gateway built while the station starts).
        var requests = new ReaderRequests(Sys, manager.Ref);

        await ExpectRoutedByManager("nothing published yet");
        routes.Publish(manager.Ref, ImmutableDictionary<ReaderId, IActorRef>.Empty.Add(new ReaderId("other"), reader.Ref));
        await ExpectRoutedByManager("not in the table");

        routes.Publish(manager.Ref, ImmutableDictionary<ReaderId, IActorRef>.Empty.Add(id, reader.Ref));
        var direct = requests.AskAsync(id, GetStatus.Instance, Wait);
        reader.ExpectMsg<GetStatus>(Wait);
        reader.Reply("direct");
        Assert.Equal("direct", await direct);
        manager.ExpectNoMsg(TimeSpan.Zero);

        routes.Publish(manager.Ref, null);
        await ExpectRoutedByManager("manager stopped");
        reader.ExpectNoMsg(TimeSpan.Zero);

        async Task ExpectRoutedByManager(string answer)
        {
            var reply = requests.AskAsync(id, GetStatus.Instance, Wait);
            Assert.Equal(new ToReader(id, GetStatus.Instance), manager.ExpectMsg<ToReader>(Wait));
            manager.Reply(answer);
            Assert.Equal(answer, await reply);
        }
    }

    [Fact]
    public void Two_managers_publishing_keep_separate_tables()
    {
        var routes = ReaderRoutes.Get(Sys);
        var (first, second) = (CreateTestProbe("first").Ref, CreateTestProbe("second").Ref);
        var id = new ReaderId("reader-a");
        var (readerOfFirst, readerOfSecond) = (CreateTestProbe().Ref, CreateTestProbe().Ref);

        routes.Publish(first, ImmutableDictionary<ReaderId, IActorRef>.Empty.Add(id, readerOfFirst));
        routes.Publish(second, ImmutableDictionary<ReaderId, IActorRef>.Empty.Add(id, readerOfSecond));
        routes.Publish(first, ImmutableDictionary<ReaderId, IActorRef>.Empty);

        Assert.Null(routes.Find(first, id));
        Assert.Equal(readerOfSecond, routes.Find(second, id));
    }

    [Fact]
    public async Task Once_a_reader_is_up_the_routes_name_its_reader_actor_and_a_request_to_it_answers_like_through_the_manager()
    {
        var manager = StartManager();
        var a = AddReaderWithCard(ReaderA, new StorageCard(UidA));
        var b = AddReaderWithCard(ReaderB, new StorageCard(UidB));
        var requests = new ReaderRequests(Sys, manager);

        Assert.Equal($"/user/station/{a}~1", AwaitRoute(manager, a).Path.ToStringWithoutAddress());
        Assert.Equal($"/user/station/{b}~2", AwaitRoute(manager, b).Path.ToStringWithoutAddress());
        var direct = Assert.IsType<Transmitted>(await requests.AskAsync(a, new Transmit(GetUid), Wait));
        var routed = Ask<Transmitted>(manager, new ToReader(a, new Transmit(GetUid)));

        Assert.Equal((a, 0x9000), (direct.ReaderId, direct.StatusWord));
        Assert.Equal(UidA, direct.Data);
        Assert.Equal(routed.Data, direct.Data);
        Assert.Equal(UidB, Assert.IsType<Transmitted>(await requests.AskAsync(b, new Transmit(GetUid), Wait)).Data);
    }

    [Fact]
    public async Task A_request_for_an_unknown_reader_is_answered_UnknownReader_by_the_manager()
    {
        var manager = StartManager();
        AddReaderWithCard(ReaderA);
        var unknown = new ReaderId("no-such-reader");

        var failure = Assert.IsType<ReaderFailure>(await new ReaderRequests(Sys, manager).AskAsync(unknown, new Transmit(GetUid), Wait));

        Assert.Equal((unknown, ReaderFailureReason.UnknownReader), (failure.ReaderId, failure.Reason));
        Assert.Equal("no reader 'no-such-reader' on this station", failure.Message);
    }

    [Fact]
    public void Whoever_asks_the_reader_straight_away_on_CardRemoved_hears_that_the_card_is_gone()
    {
        // The removal notice is in the reader's mailbox before CardRemoved is published, so a direct request sent in
        // reaction to the event (as the plugin host does) is never answered with the state from before the removal.
        var manager = StartManager();
        var requests = new ReaderRequests(Sys, manager);
        var reactor = Sys.ActorOf(Props.Create(() => new AskOnRemoval(requests, TestActor)));
        Sys.EventStream.Subscribe(reactor, typeof(CardRemoved));
        var a = AddReaderWithCard(ReaderA);
        AwaitRoute(manager, a);
        var reader = Pcsc.GetReader(ReaderA);

        for (var round = 0; round < 20; round++)
        {
            reader.Remove();
            var snapshot = ExpectMsg<ReaderSnapshot>(Wait);
            Assert.True(snapshot.State == ReaderState.NoCard, $"round {round}: the reader answered {snapshot.State} after CardRemoved");
            reader.Insert(new StorageCard());
            ExpectEvent<CardAttached>(e => e.ReaderId == a);
        }
    }

    [Fact]
    public async Task A_missing_or_foreign_message_gets_InvalidRequest_on_either_path()
    {
        var manager = StartManager();
        var a = AddReaderWithCard(ReaderA);
        AwaitRoute(manager, a);
        var requests = new ReaderRequests(Sys, manager);

        // No message: the manager answers; a message the reader does not know: the reader actor answers.
        var missing = Assert.IsType<ReaderFailure>(await requests.AskAsync(a, null!, Wait));
        var foreign = Assert.IsType<ReaderFailure>(await requests.AskAsync(a, "select the applet please", Wait));

        Assert.Equal((ReaderFailureReason.InvalidRequest, "ToReader needs a message"), (missing.Reason, missing.Message));
        Assert.Equal(ReaderFailureReason.InvalidRequest, foreign.Reason);
        Assert.Contains("String", foreign.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_a_reader_is_unplugged_the_routes_forget_it_requests_get_UnknownReader_and_a_replugged_reader_is_found_again()
    {
        var manager = StartManager();
        var a = AddReaderWithCard(ReaderA, new StorageCard(UidA));
        var unplugged = AwaitRoute(manager, a);
        var requests = new ReaderRequests(Sys, manager);

        Pcsc.RemoveReader(ReaderA);
        ExpectEvent<ReaderRemoved>(e => e.ReaderId == a);

        // The manager drops the route before it publishes ReaderRemoved.
        Assert.Null(ReaderRoutes.Get(Sys).Find(manager, a));
        var failure = Assert.IsType<ReaderFailure>(await requests.AskAsync(a, new Transmit(GetUid), Wait));
        Assert.Equal((a, ReaderFailureReason.UnknownReader), (failure.ReaderId, failure.Reason));

        Pcsc.AddReader(ReaderA).Insert(new StorageCard(UidA));
        ExpectEvent<CardAttached>(e => e.ReaderId == a);

        var replugged = AwaitRoute(manager, a);
        Assert.NotEqual(unplugged, replugged);
        Assert.Equal($"/user/station/{a}~2", replugged.Path.ToStringWithoutAddress());
        Assert.Equal(UidA, Assert.IsType<Transmitted>(await requests.AskAsync(a, new Transmit(GetUid), Wait)).Data);
    }

    [Fact]
    public async Task When_the_manager_has_stopped_its_routes_are_gone_and_requests_go_to_the_stopped_manager_and_time_out()
    {
        var manager = StartManager();
        var a = AddReaderWithCard(ReaderA);
        AwaitRoute(manager, a);
        var requests = new ReaderRequests(Sys, manager);
        Assert.IsType<Transmitted>(await requests.AskAsync(a, new Transmit(GetUid), Wait));
        var deadLetters = CreateTestProbe("dead-letters");
        Sys.EventStream.Subscribe(deadLetters.Ref, typeof(DeadLetter));

        Watch(manager);
        Sys.Stop(manager);
        ExpectTerminated(manager, Wait);

        Assert.Null(ReaderRoutes.Get(Sys).Find(manager, a));
        // No actor is left to answer: the request is a dead letter of the manager, and the caller's ask times out.
        await Assert.ThrowsAsync<AskTimeoutException>(() => requests.AskAsync(a, new Transmit(GetUid), TimeSpan.FromMilliseconds(300)));
        var dead = deadLetters.FishForMessage<DeadLetter>(d => d.Message is ToReader, Wait);
        Assert.Equal(manager, dead.Recipient);
        Assert.Equal(a, ((ToReader)dead.Message).ReaderId);
    }

    private sealed class AskOnRemoval : ReceiveActor
    {
        public AskOnRemoval(ReaderRequests requests, IActorRef target) =>
            Receive<CardRemoved>(removed => requests.AskAsync(removed.ReaderId!.Value, GetStatus.Instance, Wait).PipeTo(target));
    }
}
