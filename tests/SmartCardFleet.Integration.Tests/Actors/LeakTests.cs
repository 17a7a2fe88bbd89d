using System.Diagnostics;
using Akka.Actor;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Integration.Tests.Actors.Support;
using SmartCardFleet.Integration.Tests.RealFleet;
using SmartCardFleet.Integration.Tests.Support;
using Xunit.Abstractions;

namespace SmartCardFleet.Integration.Tests.Actors;

/// <summary>Hours of a station's life compressed: many card cycles and daemon restarts leave no thread, context or
/// card handle behind.</summary>
[Collection(RealFleetCollection.Name)]
public sealed class LeakTests(RealFleetFixture fixture, ITestOutputHelper output) : StationSpec(fixture, output)
{
    private const int CycleReaders = 10;
    private const int CyclesPerReader = 5;
    private const int DaemonRestarts = 5;
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task After_50_card_cycles_and_5_daemon_restarts_threads_contexts_and_handles_are_back_where_they_started()
    {
        // One cycle before measuring, so threads the process creates once (socket engine, timers) already exist.
        var warmUp = StartStation();
        await CycleAsync(warmUp, slot: 0, cycle: 0);
        Watch(warmUp);
        Sys.Stop(warmUp);
        ExpectTerminated(warmUp, Wait);
        AwaitCondition(() => Pcsc.OpenContexts == 0, Wait);
        var threadsWithoutStation = AwaitSettledThreads();

        var manager = StartStation();
        AwaitCondition(() => Pcsc.OpenContexts == 17, Wait, "16 reader contexts and the monitor's");
        var threadsWithStation = AwaitSettledThreads();

        var cycles = Enumerable.Range(0, CycleReaders)
            .Select(r => Task.Run(async () =>
            {
                for (var c = 1; c <= CyclesPerReader; c++)
                {
                    await CycleAsync(manager, slot: 6 + r, cycle: c);
                }
            }));
        await Task.WhenAll(cycles);

        await using (var keptIn = await InsertAsync(5, new EchoCard(), keepInserted: true))
        {
            ExpectEvent<CardAttached>(IdOf(5));
            for (var restart = 0; restart < DaemonRestarts; restart++)
            {
                Fleet.Kill();
                ExpectEvent<ServiceLost>();
                Fleet.Restart();
                ExpectEvent<ServiceRestored>();
                ExpectReadersAdded(e => e is CardAttached attached && attached.ReaderId == IdOf(5));
            }

            Assert.Equal([0x05, 0x05], Request<Transmitted>(manager, IdOf(5), new Transmit(EchoCard.Command(5, 5))).Data);
        }

        AwaitCondition(() => Pcsc.OpenContexts == 17 && Pcsc.OpenHandles == 0, Wait,
            $"contexts and handles back to 17 and 0 (now {Pcsc.OpenContexts} and {Pcsc.OpenHandles})");
        AwaitCondition(() => DedicatedThreads() == threadsWithStation, SettleTimeout,
            $"threads back to {threadsWithStation} with the station running (now {DedicatedThreads()})");

        Watch(manager);
        Sys.Stop(manager);
        ExpectTerminated(manager, Wait);
        AwaitCondition(() => Pcsc.OpenContexts == 0 && Pcsc.OpenHandles == 0, Wait, "everything released by the stopped station");
        AwaitCondition(() => DedicatedThreads() == threadsWithoutStation, SettleTimeout,
            $"threads back to {threadsWithoutStation} without a station (now {DedicatedThreads()})");
    }

    /// <summary>Insert, auto-attach, one command, remove, detach; waits by asking the reader for its state.</summary>
    private async Task CycleAsync(IActorRef manager, int slot, int cycle)
    {
        var reader = IdOf(slot);
        var inserted = await InsertAsync(slot, new EchoCard());
        await UntilStateAsync(manager, reader, ReaderState.Attached);
        var reply = await manager.Ask<object>(new ToReader(reader, new Transmit(EchoCard.Command((byte)slot, (byte)cycle))), Wait);
        Assert.Equal([(byte)slot, (byte)cycle], Assert.IsType<Transmitted>(reply).Data);
        await inserted.RemoveAsync();
        await UntilStateAsync(manager, reader, ReaderState.NoCard);
    }

    private static async Task UntilStateAsync(IActorRef manager, ReaderId reader, ReaderState state)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var reply = await manager.Ask<object>(new ToReader(reader, GetStatus.Instance), Wait);
            if (reply is ReaderSnapshot snapshot && snapshot.State == state)
            {
                return;
            }

            if (clock.Elapsed > Wait)
            {
                Assert.Fail($"{reader} did not reach {state} within {Wait}; last reply: {reply}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>The process's threads minus the .NET thread pool's: the pool grows and shrinks on its own schedule
    /// (idle workers retire after about 20 s), while everything the station starts — a pinned thread per reader
    /// actor, the monitor thread, the card clients' threads — is a dedicated thread.</summary>
    private static int DedicatedThreads()
    {
        using var process = Process.GetCurrentProcess();
        return process.Threads.Count - ThreadPool.ThreadCount;
    }

    /// <summary>Thread counts move while actors and dispatchers wind down: take the value once it held still twice.</summary>
    private int AwaitSettledThreads()
    {
        var last = -1;
        var settled = -1;
        AwaitCondition(() =>
        {
            var now = DedicatedThreads();
            var same = now == last;
            last = now;
            settled = now;
            return same;
        }, SettleTimeout, TimeSpan.FromMilliseconds(500));
        return settled;
    }
}
