using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartCardFleet.Enrollment.Jobs;

namespace SmartCardFleet.Host.Api;

/// <summary>The API's side of the station's job manager (registered under <see cref="JobManagerKey"/>): one Ask per
/// request, its reply, or the problem to answer when there is no manager (a console, an engine not started) or it does
/// not answer in time. Job commands are never cut short by a client that leaves: the journal decides, not the socket.</summary>
public sealed class JobGateway(ActorSystem system, FleetTargets targets)
{
    /// <summary>Long enough for a journal write on a slow disk or a remote PostgreSQL; a command the manager has
    /// persisted still takes effect when the answer comes too late.</summary>
    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(15);

    public async Task<(object? Reply, ProblemHttpResult? Problem)> AskAsync(object message)
    {
        if (!targets.HasLocalActors)
        {
            return (null, ConsoleHasNoJobs(targets.SelfName));
        }

        if (!ActorRegistry.For(system).TryGet<JobManagerKey>(out var manager))
        {
            return (null, TypedResults.Problem(
                detail: "the job engine of this station is not running (it starts with the station; see the station's log for a storage error)",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "JobsUnavailable",
                extensions: new Dictionary<string, object?> { ["reason"] = "JobsUnavailable" }));
        }

        try
        {
            return (await manager.Ask<object>(message, AskTimeout), null);
        }
        catch (AskTimeoutException)
        {
            return (null, TypedResults.Problem(
                detail: $"the job manager did not answer within {AskTimeout.TotalSeconds:0} s; a command it recorded still takes effect (see GET /api/jobs)",
                statusCode: StatusCodes.Status504GatewayTimeout, title: "Timeout",
                extensions: new Dictionary<string, object?> { ["reason"] = "Timeout" }));
        }
    }

    /// <summary>A console has no readers, so no jobs: 409, naming where jobs run.</summary>
    public static ProblemHttpResult ConsoleHasNoJobs(string self) =>
        TypedResults.Problem(
            detail: $"this node ({self}) is a console: it has no readers and runs no jobs. Jobs run on the station that owns the readers: " +
                "send the request to that station's API (see GET /api/stations)",
            statusCode: StatusCodes.Status409Conflict, title: "NoJobsOnConsole",
            extensions: new Dictionary<string, object?> { ["reason"] = "NoJobsOnConsole" });
}
