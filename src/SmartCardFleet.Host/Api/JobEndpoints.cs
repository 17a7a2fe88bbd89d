using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartCardFleet.Abstractions.Text;
using SmartCardFleet.Enrollment.Input;
using SmartCardFleet.Enrollment.Jobs;
using SmartCardFleet.Host.Security;

namespace SmartCardFleet.Host.Api;

/// <summary>GET /api/jobs, GET /api/jobs/{id}, POST /api/jobs (<see cref="JobCreation"/>), POST /api/jobs/{id}/pause|resume|cancel,
/// POST /api/jobs/{id}/rows/{rowId}/decision and DELETE /api/jobs/{id} (a finished job). Jobs run on the station that
/// owns the readers; a console answers 409. A job's rows are shown without their arguments (they may carry secrets).</summary>
public static class JobEndpoints
{
    /// <summary>Longer job ids are no job's (the engine's ids are far shorter); refused without asking.</summary>
    public const int MaxJobIdLength = 100;

    public static RouteGroupBuilder MapJobEndpoints(this RouteGroupBuilder api)
    {
        var jobs = api.MapGroup("/jobs").WithTags("Jobs");
        jobs.MapGet("", ListAsync).RequireRole(FleetRole.Viewer).ProducesProblem(400).ProducesProblem(409).ProducesProblem(503)
            .WithSummary("The newest jobs first (?state=Running|Paused|Completed|Cancelled, ?limit=1..500, default 100)");
        jobs.MapGet("/{id}", ShowAsync).RequireRole(FleetRole.Viewer).ProducesProblem(400).ProducesProblem(404).ProducesProblem(503)
            .WithSummary("One job with a page of its rows (?rowOffset=, ?rowLimit=1..1000, ?rowState=Pending|Running|Succeeded|Failed|InDoubt)");
        jobs.MapPost("", JobCreation.CreateAsync).RequireRole(FleetRole.Operator).Audited("job.create")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(413).ProducesProblem(503)
            .WithSummary("Create and start a job: plugin, operation, readers, and exactly one of rows, csv, or count with arguments");
        jobs.MapPost("/{id}/pause", (string id, HttpContext context, JobGateway gateway) =>
                CommandAsync(id, context, gateway, who => new PauseJob(id, who))).RequireRole(FleetRole.Operator).Audited("job.pause")
            .ProducesProblem(404).ProducesProblem(409).ProducesProblem(503);
        jobs.MapPost("/{id}/resume", (string id, HttpContext context, JobGateway gateway) =>
                CommandAsync(id, context, gateway, who => new ResumeJob(id, who))).RequireRole(FleetRole.Operator).Audited("job.resume")
            .ProducesProblem(404).ProducesProblem(409).ProducesProblem(503);
        jobs.MapPost("/{id}/cancel", (string id, HttpContext context, JobGateway gateway) =>
                CommandAsync(id, context, gateway, who => new CancelJob(id, who))).RequireRole(FleetRole.Operator).Audited("job.cancel")
            .ProducesProblem(404).ProducesProblem(409).ProducesProblem(503);
        jobs.MapDelete("/{id}", DeleteAsync).RequireRole(FleetRole.Operator).Audited("job.delete")
            .ProducesProblem(404).ProducesProblem(409).ProducesProblem(503)
            .WithSummary("Delete a completed or cancelled job (its rows' outcomes stay in the audit journal): 204; 409 while it runs, is paused or has rows in doubt");
        jobs.MapPost("/{id}/rows/{rowId}/decision", DecideAsync).RequireRole(FleetRole.Operator).Audited("job.decide-row")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(503)
            .WithSummary("Decide a row in doubt: {\"decision\": \"Done\"} (the card was issued) or \"RunAgain\" (run it on the next card)");
        return api;
    }

    private static async Task<Results<Ok<JobList>, ProblemHttpResult>> ListAsync(string? state, int? limit, JobGateway gateway)
    {
        if (!RequestParsing.TryEnum<JobState>(state, default, "state", out var parsed, out var problem))
        {
            return Problems.BadRequest(problem!.Detail, problem.Field);
        }

        if (limit is < 1 or > ListJobs.MaxLimit)
        {
            return Problems.BadRequest($"limit must be 1..{ListJobs.MaxLimit}", "limit");
        }

        var (reply, failure) = await gateway.AskAsync(new ListJobs(limit ?? 100, state is null ? null : parsed));
        return failure is not null ? failure
            : reply is JobList list ? TypedResults.Ok(list)
            : JobProblems.Unexpected(reply);
    }

    private static async Task<Results<Ok<JobView>, ProblemHttpResult>> ShowAsync(string id, int? rowOffset, int? rowLimit, string? rowState,
        JobGateway gateway)
    {
        if (!RequestParsing.TryEnum<RowState>(rowState, default, "rowState", out var parsed, out var problem))
        {
            return Problems.BadRequest(problem!.Detail, problem.Field);
        }

        if (rowOffset is < 0 or > JobDefinition.MaxRows)
        {
            return Problems.BadRequest($"rowOffset must be 0..{JobDefinition.MaxRows}", "rowOffset");
        }

        if (rowLimit is < 1 or > GetJob.MaxRowLimit)
        {
            return Problems.BadRequest($"rowLimit must be 1..{GetJob.MaxRowLimit}", "rowLimit");
        }

        return id.Length > MaxJobIdLength
            ? UnknownJob(id)
            : ToView(await gateway.AskAsync(new GetJob(id, rowOffset ?? 0, rowLimit ?? 100, rowState is null ? null : parsed)));
    }

    private static async Task<Results<Ok<JobView>, ProblemHttpResult>> CommandAsync(string id, HttpContext context, JobGateway gateway,
        Func<string, object> command)
    {
        context.SetAuditSubject(new AuditSubject(null, null, null, new JsonObject { ["jobId"] = Bounded.Echo(id) }));
        return id.Length > MaxJobIdLength ? UnknownJob(id) : ToView(await gateway.AskAsync(command(context.Caller().Name)));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, HttpContext context, JobGateway gateway)
    {
        context.SetAuditSubject(new AuditSubject(null, null, null, new JsonObject { ["jobId"] = Bounded.Echo(id) }));
        if (id.Length > MaxJobIdLength)
        {
            return UnknownJob(id);
        }

        return await gateway.AskAsync(new DeleteJob(id, context.Caller().Name)) switch
        {
            (_, { } problem) => problem,
            (JobDeleted, _) => TypedResults.NoContent(),
            (JobRefused refused, _) => JobProblems.From(refused),
            var (other, _) => JobProblems.Unexpected(other),
        };
    }

    private static async Task<Results<Ok<JobView>, ProblemHttpResult>> DecideAsync(string id, string rowId, RowDecisionRequest? body,
        HttpContext context, JobGateway gateway)
    {
        context.SetAuditSubject(new AuditSubject(null, null, null, new JsonObject
        {
            ["jobId"] = Bounded.Echo(id), ["rowId"] = Bounded.Echo(rowId), ["decision"] = Bounded.Echo(body?.Decision),
        }));
        if (body?.Decision is null)
        {
            return Problems.BadRequest("decision is required: \"Done\" (the card was issued) or \"RunAgain\" (run the row on the next card)",
                "decision");
        }

        if (!RequestParsing.TryEnum<RowDecision>(body.Decision, default, "decision", out var decision, out var problem))
        {
            return Problems.BadRequest(problem!.Detail, problem.Field);
        }

        if (id.Length > MaxJobIdLength)
        {
            return UnknownJob(id);
        }

        if (!RowIds.IsValid(rowId))
        {
            return JobProblems.From(new JobRefused(JobRefusal.UnknownRow,
                $"no row \"{Bounded.Echo(rowId)}\" in job {Bounded.Echo(id)}: row ids are {RowIds.Rule}"));
        }

        return ToView(await gateway.AskAsync(new DecideRow(id, rowId, decision, context.Caller().Name)));
    }

    internal static Results<Ok<JobView>, ProblemHttpResult> ToView((object? Reply, ProblemHttpResult? Problem) answer) =>
        answer switch
        {
            (_, { } problem) => problem,
            (JobView view, _) => TypedResults.Ok(view),
            (JobRefused refused, _) => JobProblems.From(refused),
            var (other, _) => JobProblems.Unexpected(other),
        };

    private static ProblemHttpResult UnknownJob(string id) =>
        JobProblems.From(new JobRefused(JobRefusal.UnknownJob, $"no job \"{Bounded.Echo(id)}\" (see GET /api/jobs)"));
}
