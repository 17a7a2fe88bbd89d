using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using SmartCardFleet.Core.Configuration;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Pcsc;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using SmartCardFleet.VirtualCards.Simulation;
using Xunit.Abstractions;

namespace SmartCardFleet.Core.Tests.Support;

/// <summary>Base for actor specs: an ActorSystem with Core's dispatchers, a simulated PC/SC, fast station settings and
/// a probe subscribed to every fleet event.</summary>
public abstract class FleetSpec : TestKit
{
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    /// <summary>Config of specs whose time-based behaviour (lock threshold, lease, restart backoff) moves only when the
    /// spec advances <see cref="Scheduler"/>.</summary>
    protected const string TestSchedulerConfig = "akka.scheduler.implementation = \"Akka.TestKit.TestScheduler, Akka.TestKit\"";

    protected FleetSpec(ITestOutputHelper output, SimulatedPcscOptions? options = null, string? config = null)
        : base(CoreConfig.Dispatchers.WithFallback(ConfigurationFactory.ParseString($"akka.loglevel = INFO\n{config}")), output: output)
    {
        Pcsc = new SimulatedPcsc(options);
        Events = CreateTestProbe("fleet-events");
        Sys.EventStream.Subscribe(Events.Ref, typeof(IFleetEvent));
    }

    protected SimulatedPcsc Pcsc { get; }

    protected TestProbe Events { get; }

    /// <summary>Backoffs in milliseconds so recovery specs finish quickly; the shapes stay the production ones.</summary>
    protected static StationSettings FastSettings => new()
    {
        ReaderRestart = new BackoffSettings(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(400), 0.2, 5),
        ReaderRestartResetAfter = TimeSpan.FromMilliseconds(400),
        ServiceRecovery = new BackoffSettings(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(400), 0.2, -1),
        PollInterval = TimeSpan.FromMilliseconds(100),
        MonitorJoinTimeout = TimeSpan.FromSeconds(5),
        QueryTimeout = TimeSpan.FromSeconds(2),
        Reader = new ReaderSettings { MaxTransactionHold = TimeSpan.FromSeconds(10) },
    };

    protected static byte[] GetUid => [0xFF, 0xCA, 0x00, 0x00, 0x00];

    protected static byte[] ReadBlock(int block) => [0xFF, 0xB0, 0x00, (byte)block, 0x10];

    /// <summary>How far the <see cref="Scheduler"/> moves to put a running lock call past <see cref="FastSettings"/>' threshold.</summary>
    protected static readonly TimeSpan PastThreshold = FastSettings.ForeignLockThreshold + TimeSpan.FromSeconds(1);

    /// <summary>The TestScheduler of specs made with <see cref="TestSchedulerConfig"/>.</summary>
    protected TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    /// <summary>The station "station" over <paramref name="api"/> (default: the simulated PC/SC).</summary>
    protected IActorRef StartManager(StationSettings? settings = null, IPcscApi? api = null) =>
        Sys.ActorOf(ReaderManager.Props(api ?? Pcsc, settings ?? FastSettings), "station");

    /// <summary>Adds a reader holding a storage card and waits until the manager attached it.</summary>
    protected ReaderId AddReaderWithCard(string name, StorageCard? card = null)
    {
        Pcsc.AddReader(name).Insert(card ?? new StorageCard());
        var id = ReaderId.FromReaderName(name);
        ExpectEvent<CardAttached>(e => e.ReaderId == id);
        return id;
    }

    /// <summary>The reader actor the manager's published routing table names for <paramref name="id"/> (once it does).</summary>
    protected IActorRef AwaitRoute(IActorRef manager, ReaderId id)
    {
        IActorRef? found = null;
        AwaitCondition(() => (found = ReaderRoutes.Get(Sys).Find(manager, id)) is not null, Wait);
        return found!;
    }

    /// <summary>Moves the TestScheduler in steps until <paramref name="target"/> answers <paramref name="statusRequest"/>
    /// with a snapshot <paramref name="accept"/> takes: a restarted reader's backoff timer is set only once it has the
    /// failed instance's handoff, which a spec cannot see.</summary>
    protected ReaderSnapshot AdvanceUntilStatus(IActorRef target, object statusRequest, Func<ReaderSnapshot, bool>? accept = null)
    {
        ReaderSnapshot? snapshot = null;
        AwaitAssert(() =>
        {
            Scheduler.Advance(TimeSpan.FromMilliseconds(100));
            target.Tell(statusRequest, TestActor);
            snapshot = Assert.IsType<ReaderSnapshot>(ReceiveOne(Wait));
            Assert.True(accept?.Invoke(snapshot) ?? true, $"not yet: {snapshot.State}");
        }, Wait, TimeSpan.FromMilliseconds(20));
        return snapshot!;
    }

    protected T ExpectEvent<T>(Func<T, bool>? match = null)
        where T : IFleetEvent =>
        Events.FishForMessage<T>(e => match?.Invoke(e) ?? true, Wait);

    /// <summary>Waits for one event of each type, in any order (other events are skipped).</summary>
    protected Dictionary<Type, IFleetEvent> ExpectEvents(params Type[] types)
    {
        var seen = new Dictionary<Type, IFleetEvent>();
        Events.FishForMessage<IFleetEvent>(e =>
        {
            if (types.Contains(e.GetType()))
            {
                seen.TryAdd(e.GetType(), e);
            }

            return seen.Count == types.Length;
        }, Wait);
        return seen;
    }

    protected T Ask<T>(IActorRef target, object message)
    {
        target.Tell(message, TestActor);
        return ExpectMsg<T>(Wait);
    }

    protected ReaderFailure AskFailure(IActorRef target, object message) => Ask<ReaderFailure>(target, message);
}
