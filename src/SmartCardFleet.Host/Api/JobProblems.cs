using Microsoft.AspNetCore.Http.HttpResults;
using SmartCardFleet.Enrollment.Input;
using SmartCardFleet.Enrollment.Jobs;

namespace SmartCardFleet.Host.Api;

/// <summary>The problem answers of the job API: a refused command by its <see cref="JobRefusal"/>, and bad input with
/// the row and column of every error.</summary>
public static class JobProblems
{
    /// <summary>Bad input 400; nothing by that id 404; the job's or row's state does not allow it, or too many jobs 409;
    /// the job store cannot be written now 503.</summary>
    public static int StatusFor(JobRefusal reason) => reason switch
    {
        JobRefusal.InvalidDefinition => StatusCodes.Status400BadRequest,
        JobRefusal.UnknownJob or JobRefusal.UnknownRow => StatusCodes.Status404NotFound,
        JobRefusal.InvalidState or JobRefusal.NotInDoubt or JobRefusal.TooManyJobs => StatusCodes.Status409Conflict,
        JobRefusal.StorageUnavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static ProblemHttpResult From(JobRefused refused)
    {
        ArgumentNullException.ThrowIfNull(refused);
        return TypedResults.Problem(detail: refused.Message, statusCode: StatusFor(refused.Reason), title: refused.Reason.ToString(),
            extensions: new Dictionary<string, object?> { ["reason"] = refused.Reason.ToString() });
    }

    /// <summary>400 InvalidDefinition with "errors": [{row, column, message}] (at most <see cref="InputErrors.MaxReported"/>)
    /// and "errorCount", the total; "detail" says how many and quotes the first.</summary>
    public static ProblemHttpResult From(InputErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var listed = errors.Reported.Select(e => new Dictionary<string, object?>
        {
            ["row"] = e.Row, ["column"] = e.Column, ["message"] = e.Message,
        }).ToList();
        var more = errors.Total > listed.Count ? $" ({listed.Count} listed)" : "";
        return TypedResults.Problem(detail: $"the job's input is not valid{more}: {errors.Summary()}", statusCode: StatusCodes.Status400BadRequest,
            title: nameof(JobRefusal.InvalidDefinition),
            extensions: new Dictionary<string, object?>
            {
                ["reason"] = nameof(JobRefusal.InvalidDefinition), ["errors"] = listed, ["errorCount"] = errors.Total,
            });
    }

    /// <summary>An answer the manager's contract does not name: a bug, answered as 500 with its type only.</summary>
    public static ProblemHttpResult Unexpected(object? reply) =>
        TypedResults.Problem(detail: $"the job manager answered {reply?.GetType().Name ?? "nothing"}", statusCode: StatusCodes.Status500InternalServerError,
            title: "UnexpectedReply");
}
