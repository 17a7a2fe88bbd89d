using System.Globalization;
using Akka.Actor;
using Akka.Configuration;

namespace SmartCardFleet.Benchmarks.Figures;

/// <summary>
/// `idle-probe none|akka TICK_MS [pending]`: a process that only idles — with nothing, or with a bare ActorSystem
/// whose scheduler ticks every TICK_MS, optionally holding one far-future scheduled message (as any timer, lease or
/// Ask timeout in the host does) — so figure 5 can measure what an idle host's CPU use is made of.
/// </summary>
public static class IdleProbe
{
    public static int Run(IReadOnlyList<string> args)
    {
        ActorSystem? system = null;
        if (args.Count >= 1 && args[0] == "akka")
        {
            var tick = args.Count >= 2 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
            system = ActorSystem.Create("idle", ConfigurationFactory.ParseString($"akka.scheduler.tick-duration = {tick}ms\nakka.loglevel = WARNING"));
            if (args.Count >= 3 && args[2] == "pending")
            {
                system.Scheduler.ScheduleTellOnce(TimeSpan.FromHours(1), system.DeadLetters, "later", ActorRefs.NoSender);
            }
        }

        Console.WriteLine("idle-probe: ready");
        Thread.Sleep(Timeout.Infinite);
        GC.KeepAlive(system);
        return 0;
    }
}
