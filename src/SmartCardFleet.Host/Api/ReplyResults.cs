using Microsoft.AspNetCore.Http.HttpResults;
using SmartCardFleet.Core.Messaging;
using SmartCardFleet.Core.Readers;

namespace SmartCardFleet.Host.Api;

/// <summary>A typed reply as a typed HTTP answer: the success mapped to its DTO (200), the failure as problem+json.</summary>
internal static class ReplyResults
{
    public static Results<Ok<TDto>, ProblemHttpResult> ToHttp<T, TDto>(this ReaderReply<T> reply, Func<T, TDto> map)
        where T : class =>
        reply.Match<Results<Ok<TDto>, ProblemHttpResult>>(value => TypedResults.Ok(map(value)), failure => Problems.From(failure));

    /// <summary>As above for a request routed to <paramref name="target"/>: the failure names the reader as the client does.</summary>
    public static Results<Ok<TDto>, ProblemHttpResult> ToHttp<T, TDto>(this ReaderReply<T> reply, Func<T, TDto> map, ReaderTarget target,
        FleetTargets targets)
        where T : class =>
        reply.Match<Results<Ok<TDto>, ProblemHttpResult>>(value => TypedResults.Ok(map(value)),
            failure => Problems.From(failure, target, targets));
}
