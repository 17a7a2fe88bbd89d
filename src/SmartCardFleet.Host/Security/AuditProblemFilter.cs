using Microsoft.AspNetCore.Http.HttpResults;

namespace SmartCardFleet.Host.Security;

/// <summary>Notes the reason of an audited endpoint's problem answer for its audit entry: the "reason" extension when it
/// has one (NoCard, Timeout, ...), else the title, and the field a 400 names. Only names the station chose go in.</summary>
public sealed class AuditProblemFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var result = await next(context);
        // A handler typed Results<Ok<T>, ProblemHttpResult> answers the union; the problem is inside it.
        if ((result is INestedHttpResult nested ? nested.Result : result) is ProblemHttpResult { ProblemDetails: var problem })
        {
            var reason = problem.Extensions.TryGetValue("reason", out var r) && r is string text ? text : problem.Title;
            var field = problem.Extensions.TryGetValue("field", out var f) && f is string name ? $" ({name})" : "";
            context.HttpContext.NoteAuditDetail(Abstractions.Text.Bounded.Echo(reason + field) ?? "");
        }

        return result;
    }
}
