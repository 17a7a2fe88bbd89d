using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartCardFleet.Host.Api;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Api;

/// <summary>The problem pipeline on its own, with endpoints that fail the way no station endpoint can be made to fail
/// from outside: an unhandled exception is a logged server error whose answer does not leak the exception; an empty
/// error status from any endpoint still gets a problem+json body.</summary>
public sealed class ProblemPipelineTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<string> _lines = new();
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders().AddProvider(new CapturingLoggerProvider(_lines));
        builder.AddProblemAnswers();
        builder.Services.AddProblemDetails();
        _app = builder.Build();
        _app.Urls.Add("http://127.0.0.1:0");
        _app.UseProblemAnswers();
        _app.MapGet("/boom", string () => throw new InvalidOperationException("secret internals"));
        _app.MapGet("/unavailable", () => Results.StatusCode(StatusCodes.Status503ServiceUnavailable));
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
    }

    [Fact]
    public async Task An_unhandled_exception_is_a_500_problem_logged_as_an_error_without_leaking_the_message()
    {
        var response = await _http.GetAsync("/boom");

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.InternalServerError, "log");
        Assert.DoesNotContain("secret internals", problem.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(_lines, l => l.Contains(" Error ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_empty_error_status_gets_a_problem_body_with_a_detail() =>
        await ProblemAssert.IsAsync(await _http.GetAsync("/unavailable"), HttpStatusCode.ServiceUnavailable, "503");

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
