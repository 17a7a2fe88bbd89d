using System.Diagnostics;
using Akka.Actor;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Monitoring;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Tests.Support;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using Xunit.Abstractions;

namespace SmartCardFleet.Core.Tests.Fleet;

public sealed class LeakSpecs(ITestOutputHelper output) : FleetSpec(output)
{
    [Fact]
    public void After_station_start_stop_cycles_and_a_service_restart_no_context_handle_or_thread_is_left()
    {
        for (var i = 0; i < 3; i++)
        {
            Pcsc.AddReader($"Reader {i} 00 00").Insert(new StorageCard());
        }

        var baselineThreads = OwnThreads();
        for (var cycle = 0; cycle < 4; cycle++)
        {
            var manager = Sys.ActorOf(ReaderManager.Props(Pcsc, FastSettings), $"station-{cycle}");
            for (var i = 0; i < 3; i++)
            {
                ExpectEvent<CardAttached>();
            }

            if (cycle == 1)
            {
                Pcsc.StopService();
                ExpectEvent<ServiceLost>();
                Pcsc.StartService();
                ExpectEvent<ServiceRestored>();
                for (var i = 0; i < 3; i++)
                {
                    ExpectEvent<CardAttached>();
                }
            }

            Watch(manager);
            Sys.Stop(manager);
            ExpectTerminated(manager, Wait);
            AssertNothingOpen($"after cycle {cycle}");
            // Events of this cycle must not satisfy the next cycle's waits.
            Events.ReceiveWhile<object>(TimeSpan.FromMilliseconds(50), m => m);
        }

        // Pinned dispatcher threads end after their shutdown timeout. The .NET pool grows and shrinks on its own (other
        // specs in this process load it), so its threads are not counted: what must come back is the rest.
        AwaitCondition(() => OwnThreads() <= baselineThreads + 2, TimeSpan.FromSeconds(15),
            TimeSpan.FromMilliseconds(200), "threads of stopped reader actors and monitors were not released");
    }

    /// <summary>OS threads of the process that are not .NET thread-pool workers.</summary>
    private static int OwnThreads()
    {
        using var process = Process.GetCurrentProcess();
        return process.Threads.Count - ThreadPool.ThreadCount;
    }

    private void AssertNothingOpen(string when) => AwaitAssert(() =>
    {
        var open = (Handles: Pcsc.OpenCardHandleCount, Contexts: Pcsc.OpenContextCount, Monitors: CardMonitor.RunningThreads,
            LockWaiters: LockWaiter.RunningThreads);
        Assert.True(open == (0, 0, 0, 0), $"{when}: still open {open}");
    }, Wait);
}
