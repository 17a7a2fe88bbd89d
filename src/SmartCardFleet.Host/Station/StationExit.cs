using Akka.Actor;
using SmartCardFleet.Host.Cli;

namespace SmartCardFleet.Host.Station;

/// <summary>
/// The exit code of `fleet run` once the host has stopped (read before the host is disposed). A stop that was asked for
/// (Ctrl-C, SIGTERM) runs Akka's CoordinatedShutdown with the CLR-exit reason: 0. Any other reason means the ActorSystem
/// ended by itself, as a cluster node's does when the split brain resolver downs it or when it leaves because its
/// Station:Name is taken (Akka.Hosting then stops the host): the reason's own exit code when it has one (3 for
/// Akka's ClusterDowningReason, 2 for the cluster library's duplicate-name reason: a configuration error), else <see cref="ExitCodes.Failed"/>, so a supervisor (systemd
/// Restart=always) starts it again and scripts see that it did not stop as asked.
/// </summary>
internal static class StationExit
{
    public static int Code(IServiceProvider services)
    {
        var reason = CoordinatedShutdown.Get(services.GetRequiredService<ActorSystem>()).ShutdownReason;
        if (reason is null or CoordinatedShutdown.ClrExitReason)
        {
            return ExitCodes.Ok;
        }

        var code = reason.ExitCode != 0 ? reason.ExitCode : ExitCodes.Failed;
        services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StationExit).FullName!).LogError(
            "The actor system ended by itself ({Reason}), not by a requested stop: exiting with code {ExitCode} " +
            "(a cluster node that was downed or refused; run it under a supervisor that restarts it)",
            reason.GetType().Name, code);
        return code;
    }
}
