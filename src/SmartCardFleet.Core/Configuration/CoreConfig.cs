using Akka.Configuration;

namespace SmartCardFleet.Core.Configuration;

/// <summary>The HOCON Core needs. SmartCardFleet.Hosting's <c>builder.WithSmartCardFleet(options)</c> adds it to an
/// Akka.Hosting system; a TestKit system gets <see cref="Dispatchers"/> (and, if it wants, <see cref="IdleFriendlyScheduler"/>)
/// as config.</summary>
public static class CoreConfig
{
    /// <summary>One dedicated OS thread per reader actor (PinnedDispatcher, throughput 1 so a slow card does not
    /// hold a Detach behind a batch of APDUs). Its thread spins briefly before it sleeps; a non-spinning executor was
    /// measured slower on both figure 1 (echo 23 vs 12 µs) and figure 2 (0.73 vs 0.83 of raw), so it was not kept.</summary>
    public const string CardIoDispatcherId = "card-io-dispatcher";

    /// <summary>A fixed pool of dedicated (non-ThreadPool) threads shared by many reader actors; meant for large
    /// simulated fleets, where one thread per reader would be wasteful. Real readers keep the pinned one.</summary>
    public const string SharedCardIoDispatcherId = "card-io-shared-dispatcher";

    /// <summary>Akka's scheduler on .NET's timer queue (<see cref="Scheduling.TimerQueueScheduler"/>): nothing ticks
    /// while nothing is due. The hosting extension adds it; TestKit systems keep Akka's default unless they add this.</summary>
    public static Config IdleFriendlyScheduler { get; } = ConfigurationFactory.ParseString(
        $"akka.scheduler.implementation = \"{typeof(Scheduling.TimerQueueScheduler).FullName}, {typeof(Scheduling.TimerQueueScheduler).Assembly.GetName().Name}\"");

    public static Config Dispatchers { get; } = ConfigurationFactory.ParseString($$"""
        {{CardIoDispatcherId}} {
          type = PinnedDispatcher
          throughput = 1
        }
        {{SharedCardIoDispatcherId}} {
          type = ForkJoinDispatcher
          throughput = 1
          dedicated-thread-pool {
            thread-count = 8
            threadtype = background
          }
        }
        """);
}
