using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using SmartCardFleet.Enrollment.Jobs;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Api.Jobs;

/// <summary>A test double at the actor boundary: answers the job manager's messages (JobManagerMessages.cs) with fixed
/// replies, so the API's shape (parsing, status codes, problems, audit subjects) is tested without the engine. Job ids
/// pick the refusal: "unknown" → UnknownJob, "finished" → InvalidState; row "certain" → NotInDoubt. It keeps what it
/// received, for <see cref="ReceivedAsync"/>.</summary>
public sealed class ScriptedJobManager : ReceiveActor
{
    private readonly List<object> _received = [];

    public ScriptedJobManager()
    {
        Receive<Received>(_ => Sender.Tell(_received.ToList()));
        Receive<CreateJob>(create => Answer(create, View("job-1", create.Definition.Name, create.Definition.PluginId,
            create.Definition.Operation, create.Definition.Rows.Select(r => r.RowId), create.Who)));
        Receive<ListJobs>(list => Answer(list, new JobList([Summary("job-1", JobState.Running)])));
        Receive<GetJob>(get => Answer(get, Refusal(get.JobId) ?? View(get.JobId, null, "p", "o", ["1"], "local")));
        Receive<PauseJob>(pause => Answer(pause, Refusal(pause.JobId) ?? View(pause.JobId, null, "p", "o", ["1"], pause.Who)));
        Receive<ResumeJob>(resume => Answer(resume, Refusal(resume.JobId) ?? View(resume.JobId, null, "p", "o", ["1"], resume.Who)));
        Receive<CancelJob>(cancel => Answer(cancel, Refusal(cancel.JobId) ?? View(cancel.JobId, null, "p", "o", ["1"], cancel.Who)));
        Receive<DecideRow>(decide => Answer(decide, Refusal(decide.JobId)
            ?? (decide.RowId == "certain" ? new JobRefused(JobRefusal.NotInDoubt, "row certain is Succeeded, not in doubt") : (object?)null)
            ?? View(decide.JobId, null, "p", "o", [decide.RowId], decide.Who)));
    }

    /// <summary>Starts the double and registers it as the station's job manager (replacing any other).</summary>
    public static IActorRef RegisterIn(StationUnderTest station)
    {
        var system = station.App.Services.GetRequiredService<ActorSystem>();
        var manager = system.ActorOf(Props.Create<ScriptedJobManager>());
        ActorRegistry.For(system).Register<JobManagerKey>(manager, overwrite: true);
        return manager;
    }

    public static async Task<IReadOnlyList<object>> ReceivedAsync(IActorRef manager) =>
        await manager.Ask<List<object>>(new Received(), TimeSpan.FromSeconds(5));

    private void Answer(object message, object reply)
    {
        _received.Add(message);
        Sender.Tell(reply);
    }

    private static object? Refusal(string jobId) => jobId switch
    {
        "unknown" => new JobRefused(JobRefusal.UnknownJob, "no job unknown"),
        "finished" => new JobRefused(JobRefusal.InvalidState, "job finished is Completed"),
        _ => null,
    };

    private static JobSummary Summary(string id, JobState state, string? name = null, string plugin = "p", string operation = "o",
        int total = 1, string who = "local") =>
        new(id, name, plugin, operation, state, null, total, 0, 0, 0, 0, total, DateTimeOffset.UnixEpoch, who);

    private static JobView View(string id, string? name, string plugin, string operation, IEnumerable<string> rowIds, string who)
    {
        var rows = rowIds.Take(GetJob.MaxRowLimit).Select(r => new RowView(r, RowState.Pending, 0, null)).ToList();
        return new JobView(Summary(id, JobState.Running, name, plugin, operation, rows.Count, who), ReaderSelection.All, RetryPolicy.Default, rows, 0);
    }

    private sealed record Received;
}
