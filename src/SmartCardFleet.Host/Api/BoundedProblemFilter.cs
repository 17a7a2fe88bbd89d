using SmartCardFleet.Abstractions.Text;

namespace SmartCardFleet.Host.Api;

/// <summary>
/// The sink-side cap on what an API problem echoes: whatever built it (a reader's message, a plugin's exception, a
/// parser quoting the request), its <c>detail</c> and string extensions get at most <see cref="Bounded.FieldLength"/>
/// characters, with a visible "…(N more characters)". Applied to the whole /api group, so a new endpoint cannot forget it.
/// </summary>
public sealed class BoundedProblemFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var result = await next(context);
        if (result is Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult { ProblemDetails: var problem })
        {
            problem.Detail = Bounded.Text(problem.Detail);
            foreach (var (key, value) in problem.Extensions.ToList())
            {
                if (value is string text)
                {
                    problem.Extensions[key] = Bounded.Text(text);
                }
            }
        }

        return result;
    }
}
