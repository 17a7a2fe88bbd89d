using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using SmartCardFleet.Core.Configuration;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Integration.Tests.RealFleet;
using SmartCardFleet.Integration.Tests.Support;
using SmartCardFleet.VirtualCards.Cards;
using SmartCardFleet.VirtualCards.Fleet;
using Xunit.Abstractions;

namespace SmartCardFleet.Integration.Tests.Actors.Support;

/// <summary>
/// Base of the actor tests on the real fleet: an ActorSystem with Core's dispatchers, the real ReaderManager over
/// the native binding (wrapped in <see cref="CountingPcscApi"/>), a probe subscribed to every fleet event, and the
/// one pcscd of <see cref="RealFleetFixture"/>. Every wait has an explicit deadline.
/// </summary>
public abstract class StationSpec : TestKit
{
    /// <summary>Long enough for pcscd's 0.4 s polling and a loaded 2-core machine; a failure still ends quickly.</summary>
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private int _stations;

    protected StationSpec(RealFleetFixture fixture, ITestOutputHelper output, string akkaLogLevel = "INFO")
        : base(CoreConfig.Dispatchers.WithFallback(ConfigurationFactory.ParseString($"akka.loglevel = {akkaLogLevel}")), output: output)
    {
        Fixture = fixture;
        Fleet = fixture.Require();
        Pcsc = new CountingPcscApi(fixture.Api);
        Events = CreateTestProbe("fleet-events");
        Sys.EventStream.Subscribe(Events.Ref, typeof(IFleetEvent));
    }

    protected RealFleetFixture Fixture { get; }

    protected PcscdFleet Fleet { get; }

    private protected CountingPcscApi Pcsc { get; }

    protected TestProbe Events { get; }

    /// <summary>Production shapes with short numbers: recovery 200 ms doubling to 1 s (20 % jitter), reader restarts
    /// 100 ms doubling to 1 s.</summary>
    internal static StationSettings TestSettings => new()
    {
        ReaderRestart = new BackoffSettings(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), 0.2, 5),
        ReaderRestartResetAfter = TimeSpan.FromSeconds(1),
        ServiceRecovery = new BackoffSettings(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), 0.2, -1),
        PollInterval = TimeSpan.FromMilliseconds(200),
        MonitorJoinTimeout = TimeSpan.FromSeconds(5),
        QueryTimeout = TimeSpan.FromSeconds(3),
    };

    protected VpcdReaderSlot Slot(int index) => Fleet.Layout.Reader(index);

    protected ReaderId IdOf(int slot) => ReaderId.FromReaderName(Slot(slot).ReaderName);

    /// <summary>Starts a ReaderManager and waits until it has added all 16 fleet readers.</summary>
    protected IActorRef StartStation(StationSettings? settings = null)
    {
        var manager = Sys.ActorOf(ReaderManager.Props(Pcsc, settings ?? TestSettings), $"station-{++_stations}");
        ExpectReadersAdded();
        return manager;
    }

    /// <summary>Waits for a ReaderAdded of every fleet reader and for one event matching each of
    /// <paramref name="alsoWanted"/>, in any order: a re-created reader may attach its card before the manager has
    /// announced the last reader. Returns the events that matched <paramref name="alsoWanted"/>, in that order.</summary>
    protected IReadOnlyList<IFleetEvent> ExpectReadersAdded(params Func<IFleetEvent, bool>[] alsoWanted)
    {
        var readers = Fleet.Layout.Readers.Select(r => ReaderId.FromReaderName(r.ReaderName))
            .Select(id => (Func<IFleetEvent, bool>)(e => e is ReaderAdded added && added.ReaderId == id));
        var found = ExpectEventsInAnyOrder("ReaderAdded for all 16 fleet readers", [.. readers, .. alsoWanted]);
        return found.Skip(found.Count - alsoWanted.Length).ToList();
    }

    /// <summary>Waits until each predicate has matched its own event, in any order; other events are skipped.</summary>
    protected IReadOnlyList<IFleetEvent> ExpectEventsInAnyOrder(string hint, params Func<IFleetEvent, bool>[] wanted)
    {
        var found = new IFleetEvent?[wanted.Length];
        Events.FishForMessage<IFleetEvent>(e =>
        {
            for (var i = 0; i < wanted.Length; i++)
            {
                if (found[i] is null && wanted[i](e))
                {
                    found[i] = e;
                    break;
                }
            }

            return found.All(f => f is not null);
        }, Wait, hint);
        return [.. found.Select(f => f!)];
    }

    private protected Task<FleetCard> InsertAsync(int slot, IVirtualCard card, bool keepInserted = false) =>
        FleetCard.InsertAsync(Fixture.Api, Slot(slot), card, keepInserted);

    /// <summary>Sends <paramref name="message"/> to a reader through the manager and expects a <typeparamref name="T"/>
    /// reply; a <see cref="Core.Readers.ReaderFailure"/> instead fails the test with its message.</summary>
    protected T Request<T>(IActorRef manager, ReaderId reader, object message)
    {
        var reply = RequestAny(manager, reader, message);
        return reply is T typed ? typed : throw new Xunit.Sdk.XunitException($"expected {typeof(T).Name} for {message}, got {reply}");
    }

    protected object RequestAny(IActorRef manager, ReaderId reader, object message)
    {
        var probe = CreateTestProbe();
        manager.Tell(new ToReader(reader, message), probe.Ref);
        return probe.ExpectMsg<object>(Wait);
    }

    protected T ExpectEvent<T>(Func<T, bool>? match = null, string hint = "")
        where T : IFleetEvent =>
        Events.FishForMessage<T>(e => match?.Invoke(e) ?? true, Wait, hint);

    protected T ExpectEvent<T>(ReaderId reader)
        where T : IFleetEvent =>
        ExpectEvent<T>(e => e.ReaderId == reader, $"{typeof(T).Name} on {reader}");

    /// <summary>Two events of <paramref name="reader"/> in whichever order they come. On removal the manager tells the
    /// reader first and then publishes CardRemoved, while the reader publishes CardDetached on its own thread, so
    /// either may be first; fishing for one alone would throw the other away.</summary>
    protected (T1 First, T2 Second) ExpectEventsInAnyOrder<T1, T2>(ReaderId reader)
        where T1 : class, IFleetEvent
        where T2 : class, IFleetEvent
    {
        T1? first = null;
        T2? second = null;
        Events.FishForMessage<IFleetEvent>(e =>
        {
            if (e.ReaderId == reader)
            {
                first ??= e as T1;
                second ??= e as T2;
            }

            return first is not null && second is not null;
        }, Wait, $"{typeof(T1).Name} and {typeof(T2).Name} on {reader}");
        return (first!, second!);
    }
}
