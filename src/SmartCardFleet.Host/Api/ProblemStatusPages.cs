using SmartCardFleet.Abstractions.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using SmartCardFleet.Core;

namespace SmartCardFleet.Host.Api;

/// <summary>
/// Every error answer is problem+json with a title, the status and a detail that says what to change, whoever
/// produced it: routing (404, 405), the body reader (400 malformed JSON, 413, 415), the request limits (414, 431),
/// the token check (401) or an unhandled exception (500). A client's mistake is logged at Debug without a stack trace:
/// malformed bodies are not server errors, and a client must not be able to fill the log.
/// </summary>
public static class ProblemStatusPages
{
    /// <summary>Documented limits (README, "HTTP API"). Kestrel answers 414/431 itself with an empty body, before any
    /// middleware runs, so its own limits are raised to its request buffer (<see cref="KestrelHardLimit"/>, which bounds
    /// what one connection holds anyway) and this pipeline enforces these with a problem+json answer; only a request
    /// line or header block past that buffer gets Kestrel's bare answer.</summary>
    public const int MaxRequestTarget = 8 * 1024;

    public const int MaxRequestHeaderBytes = 32 * 1024;

    public const int MaxRequestHeaders = 100;

    /// <summary>Kestrel's request buffer per connection (its default), and so the most its line and header limits may be.</summary>
    public const int KestrelHardLimit = 1024 * 1024;

    /// <summary>Path, content type or parser message echoed in a detail are cut to this.</summary>
    private const int MaxEchoed = 256;

    private static readonly Action<ILogger, int, string, string, string, Exception?> LogErrorAnswer =
        LoggerMessage.Define<int, string, string, string>(LogLevel.Debug, new EventId(1201, "ErrorAnswer"),
            "Answered {Status} to {Method} {Path}: {Detail}");

    public static void AddProblemAnswers(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBufferSize = KestrelHardLimit;
            kestrel.Limits.MaxRequestLineSize = KestrelHardLimit;
            kestrel.Limits.MaxRequestHeadersTotalSize = KestrelHardLimit;
            kestrel.Limits.MaxRequestHeaderCount = 2 * MaxRequestHeaders;
        });
    }

    /// <summary>First in the pipeline: limits, then unhandled exceptions and empty error answers, then client errors
    /// thrown by the body reader (ThrowOnBadRequest).</summary>
    public static void UseProblemAnswers(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ProblemStatusPages).FullName!);
        app.Use((context, next) => RequestLimitProblem(context) is { } limit ? WriteAsync(context, log, limit.Status, limit.Detail) : next(context));
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = WriteServerErrorAsync });
        app.UseStatusCodePages(status => WriteAsync(status.HttpContext, log, status.HttpContext.Response.StatusCode,
            StatusDetail(status.HttpContext)));
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (BadHttpRequestException bad) when (!context.Response.HasStarted)
            {
                await WriteAsync(context, log, bad.StatusCode, BadRequestDetail(context, bad));
            }
        });
    }

    private static (int Status, string Detail)? RequestLimitProblem(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        if (target.Length > MaxRequestTarget)
        {
            return (StatusCodes.Status414UriTooLong,
                $"the request target (path and query) has {target.Length} characters; this station takes at most {MaxRequestTarget}");
        }

        var headers = context.Request.Headers;
        var count = headers.Sum(h => Math.Max(1, h.Value.Count));
        if (count > MaxRequestHeaders)
        {
            return (StatusCodes.Status431RequestHeaderFieldsTooLarge,
                $"the request has {count} header fields; this station takes at most {MaxRequestHeaders}");
        }

        // Each field line is "name: value\r\n".
        var bytes = headers.Sum(h => h.Value.Sum(v => h.Key.Length + (v?.Length ?? 0) + 4));
        return bytes > MaxRequestHeaderBytes
            ? (StatusCodes.Status431RequestHeaderFieldsTooLarge,
                $"the request headers have {bytes} bytes; this station takes at most {MaxRequestHeaderBytes}")
            : null;
    }

    private static string StatusDetail(HttpContext context)
    {
        var request = context.Request;
        var path = Bounded.Text(request.Path.Value ?? "", MaxEchoed);
        return context.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound when context.GetEndpoint() is null =>
                $"nothing answers {Bounded.Echo(request.Method)} {path}: the API is under /api (see /openapi/v1.json), the dashboard at /",
            StatusCodes.Status404NotFound => $"nothing found at {path}",
            StatusCodes.Status405MethodNotAllowed =>
                $"{Bounded.Echo(request.Method)} is not allowed on {path}; allowed: {context.Response.Headers.Allow}",
            StatusCodes.Status415UnsupportedMediaType => MediaTypeDetail(request),
            var status => $"the station answered {status} {ReasonPhrases.GetReasonPhrase(status)} to {Bounded.Echo(request.Method)} {path}",
        };
    }

    private static string BadRequestDetail(HttpContext context, BadHttpRequestException bad) => bad.StatusCode switch
    {
        StatusCodes.Status415UnsupportedMediaType => MediaTypeDetail(context.Request),
        _ => Bounded.Text(bad.InnerException is { } inner ? $"{bad.Message} {inner.Message}" : bad.Message, MaxEchoed),
    };

    private static string MediaTypeDetail(HttpRequest request) =>
        "the request body must be JSON sent with \"Content-Type: application/json\"; got " +
        (string.IsNullOrEmpty(request.ContentType) ? "no Content-Type" : $"\"{Bounded.Echo(request.ContentType)}\"");

    private static async Task WriteAsync(HttpContext context, ILogger log, int status, string detail)
    {
        LogErrorAnswer(log, status, context.Request.Method, Bounded.Text(context.Request.Path.Value ?? "", MaxEchoed), detail, null);
        await Results.Problem(detail: detail, statusCode: status, title: ReasonPhrases.GetReasonPhrase(status)).ExecuteAsync(context);
    }

    /// <summary>An exception nobody handled: a server error, logged with its stack trace by the exception handler
    /// middleware; the client learns only that it happened.</summary>
    private static Task WriteServerErrorAsync(HttpContext context) =>
        Results.Problem(detail: "the station failed to handle the request; its log has the details",
            statusCode: StatusCodes.Status500InternalServerError, title: ReasonPhrases.GetReasonPhrase(500)).ExecuteAsync(context);
}
