using Akka.Configuration;
using Akka.Dispatch;

namespace SmartCardFleet.Core.Dispatch;

/// <summary>
/// The <c>card-io-dispatcher</c>: like Akka's PinnedDispatcher one dedicated OS thread per actor (a reader actor blocks
/// in PC/SC calls and must never do so on a pool), but the thread sleeps on a monitor when its mailbox is empty.
/// Akka's PinnedDispatcher runs on Helios' DedicatedThreadPool, whose semaphore spins with sched_yield before it
/// sleeps: ~70 yields per message on a reader that gets one APDU at a time, CPU that pcscd and the card need on a
/// small kiosk machine (docs/benchmarks.md, figure 2), and the bulk of an idle station's wake-up cost.
/// </summary>
public sealed class BlockingPinnedDispatcherConfigurator : MessageDispatcherConfigurator
{
    private readonly DedicatedThreadExecutorConfigurator _executors;

    public BlockingPinnedDispatcherConfigurator(Config config, IDispatcherPrerequisites prerequisites)
        : base(config, prerequisites)
    {
        _executors = new DedicatedThreadExecutorConfigurator(config, prerequisites);
    }

    /// <summary>A new dispatcher (and thread) for every actor, as Akka's PinnedDispatcherConfigurator does.</summary>
    public override MessageDispatcher Dispatcher()
    {
        var deadline = Config.GetTimeSpan("throughput-deadline-time", TimeSpan.Zero).Ticks;
        return new PinnedDispatcher(this, Config.GetString("id"), Config.GetInt("throughput", 1), deadline > 0 ? deadline : null, _executors,
            Config.GetTimeSpan("shutdown-timeout", TimeSpan.FromSeconds(1)));
    }

    private sealed class DedicatedThreadExecutorConfigurator(Config config, IDispatcherPrerequisites prerequisites)
        : ExecutorServiceConfigurator(config, prerequisites)
    {
        public override ExecutorService Produce(string id) => new DedicatedThreadExecutor(id);
    }
}
