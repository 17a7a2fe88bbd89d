using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SmartCardFleet.Abstractions.Text;
using SmartCardFleet.Cluster.Topology;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Enrollment.Input;
using SmartCardFleet.Enrollment.Jobs;
using SmartCardFleet.Host.Security;

namespace SmartCardFleet.Host.Api;

/// <summary>POST /api/jobs: checks the request and its whole input against the operation's descriptor (this station's
/// plugin catalog), then asks the job manager to create the job; nothing is created when anything is wrong.</summary>
public static class JobCreation
{
    /// <summary>The body of POST /api/jobs may be larger than <see cref="RequestBodyLimit.MaxBytes"/>: a CSV of
    /// <see cref="JobDefinition.MaxRows"/> rows of a few hundred characters each (as JSON text, escaped) is several MiB.
    /// Every other request keeps the 1 MiB bound.</summary>
    public const long MaxBodyBytes = 8 * 1024 * 1024;

    public static async Task<Results<Created<JobView>, ProblemHttpResult>> CreateAsync(HttpContext context, FleetTargets targets,
        IPluginGateway plugins, JobGateway gateway, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(plugins);
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(json);
        if (!targets.HasLocalActors)
        {
            return JobGateway.ConsoleHasNoJobs(targets.SelfName);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        var (request, unreadable) = await ReadAsync(context, json.Value.SerializerOptions);
        if (unreadable is not null)
        {
            return unreadable;
        }

        if (Check(request!, targets) is { } invalid)
        {
            return invalid;
        }

        var (operation, notFound) = await OperationAsync(request!.Plugin!, request.Operation!, targets, plugins, context.RequestAborted);
        if (notFound is not null)
        {
            return notFound;
        }

        var input = request.Csv is not null ? JobInput.FromCsv(operation!, request.Csv)
            : request.Rows is not null ? JobInput.FromRows(operation!, request.Rows)
            : JobInput.FromCount(operation!, request.Count!.Value, request.Arguments);
        var what = new JsonObject
        {
            ["name"] = Bounded.Echo(request.Name), ["plugin"] = Bounded.Echo(request.Plugin), ["operation"] = Bounded.Echo(request.Operation),
            ["input"] = request.Csv is not null ? "csv" : request.Rows is not null ? "rows" : "count", ["rows"] = input.Rows.Count,
        };
        context.SetAuditSubject(new AuditSubject(null, null, null, what));
        if (!input.IsValid)
        {
            return JobProblems.From(input.Errors);
        }

        var definition = new JobDefinition(request.Name, request.Plugin!, request.Operation!,
            new ReaderSelection(request.Readers?.Station, request.Readers?.Pattern), input.Rows,
            request.Retry?.MaxAttempts is { } attempts ? new RetryPolicy(attempts) : RetryPolicy.Default);
        var answer = await gateway.AskAsync(new CreateJob(definition, context.Caller().Name));
        if (answer.Reply is JobView view)
        {
            what["jobId"] = view.Summary.JobId;
            context.SetAuditSubject(new AuditSubject(null, null, null, what));
            return TypedResults.Created($"/api/jobs/{Uri.EscapeDataString(view.Summary.JobId)}", view);
        }

        return answer.Problem ?? (answer.Reply is JobRefused refused ? JobProblems.From(refused) : JobProblems.Unexpected(answer.Reply));
    }

    private static async Task<(CreateJobRequest? Request, ProblemHttpResult? Problem)> ReadAsync(HttpContext context, JsonSerializerOptions options)
    {
        if (!context.Request.HasJsonContentType())
        {
            return (null, TypedResults.Problem(detail: "the body must be JSON (Content-Type: application/json): " +
                "{\"plugin\": ..., \"operation\": ..., and one of \"rows\", \"csv\" or \"count\" with \"arguments\"}",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported Media Type"));
        }

        try
        {
            return await context.Request.ReadFromJsonAsync<CreateJobRequest>(options, context.RequestAborted) is { } request
                ? (request, null)
                : (null, Problems.BadRequest("the body is null; send a JSON object"));
        }
        catch (JsonException e)
        {
            return (null, Problems.BadRequest($"the body is not a valid job request: {e.Message}", e.Path));
        }
    }

    /// <summary>Everything that can be checked without the plugin catalog.</summary>
    private static ProblemHttpResult? Check(CreateJobRequest request, FleetTargets targets)
    {
        if (!JobLimits.IsName(request.Name))
        {
            return Problems.BadRequest($"name must be at most {JobLimits.MaxNameLength} characters without control characters", "name");
        }

        if (string.IsNullOrWhiteSpace(request.Plugin) || request.Plugin.Length > JobLimits.MaxPluginIdLength)
        {
            return Problems.BadRequest("plugin is required: the id of a loaded plugin (see GET /api/plugins)", "plugin");
        }

        if (string.IsNullOrWhiteSpace(request.Operation) || request.Operation.Length > JobLimits.MaxOperationLength)
        {
            return Problems.BadRequest("operation is required: one of the plugin's operations (see GET /api/plugins)", "operation");
        }

        if (request.Readers?.Station is { } station && station != targets.SelfName)
        {
            return Problems.BadRequest($"readers.station \"{Bounded.Echo(station)}\" is not this station ({targets.SelfName}): a job runs on " +
                "the station that owns its readers, so send the request to that station's API", "readers.station");
        }

        if (request.Readers?.Pattern is { } pattern && !JobLimits.IsReaderPattern(pattern))
        {
            return Problems.BadRequest($"readers.pattern \"{Bounded.Echo(pattern)}\" must be 1..{JobLimits.MaxPatternLength} {JobLimits.PatternRule}, " +
                "e.g. \"simulated-reader-0*\"", "readers.pattern");
        }

        if (request.Retry?.MaxAttempts is < 1 or > RetryPolicy.Limit)
        {
            return Problems.BadRequest($"retry.maxAttempts must be 1..{RetryPolicy.Limit}", "retry.maxAttempts");
        }

        var inputs = (request.Rows is null ? 0 : 1) + (request.Csv is null ? 0 : 1) + (request.Count is null ? 0 : 1);
        if (inputs != 1)
        {
            return Problems.BadRequest("give exactly one input: \"rows\" (a list of {rowId?, arguments}), \"csv\" (the text of a CSV file " +
                "whose header names the arguments) or \"count\" (cards) with \"arguments\"", "rows");
        }

        return request.Arguments is not null && request.Count is null
            ? Problems.BadRequest("\"arguments\" goes with \"count\" (the same arguments for that many cards); rows carry their own", "arguments")
            : null;
    }

    /// <summary>The operation's descriptor from this station's plugin catalog, or 404 naming what exists.</summary>
    private static async Task<(OperationInfo? Operation, ProblemHttpResult? Problem)> OperationAsync(string pluginId, string operation,
        FleetTargets targets, IPluginGateway plugins, CancellationToken cancellationToken)
    {
        var status = await plugins.StatusAsync(new StationTarget(targets.SelfName, StationRoute.Local.Instance), cancellationToken);
        if (!status.IsSuccess)
        {
            return (null, Problems.From(status.Failure));
        }

        if (status.Value.Plugins.FirstOrDefault(p => p.Id == pluginId) is not { } plugin)
        {
            return (null, TypedResults.Problem(
                detail: $"no loaded plugin \"{Bounded.Echo(pluginId)}\" on this station; loaded: " +
                    $"{string.Join(", ", status.Value.Plugins.Select(p => p.Id).Take(20))} (see GET /api/plugins)",
                statusCode: StatusCodes.Status404NotFound, title: nameof(PluginCommandFailureReason.UnknownPlugin),
                extensions: new Dictionary<string, object?> { ["reason"] = nameof(PluginCommandFailureReason.UnknownPlugin), ["field"] = "plugin" }));
        }

        if (plugin.OperationDetails.FirstOrDefault(o => o.Name == operation) is not { } found)
        {
            return (null, TypedResults.Problem(
                detail: $"plugin {plugin.Id} has no operation \"{Bounded.Echo(operation)}\"; it has {string.Join(", ", plugin.Operations)}",
                statusCode: StatusCodes.Status404NotFound, title: "UnknownOperation",
                extensions: new Dictionary<string, object?> { ["reason"] = "UnknownOperation", ["field"] = "operation" }));
        }

        return (found, null);
    }
}
