using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SmartCardFleet.Host.Security;
using SmartCardFleet.Host.Tests.Api.Fleet;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Api.Jobs;

/// <summary>A console runs no jobs and says where they run; every job endpoint declares its role and audit action.</summary>
public sealed class JobConsoleAndAccessTests(ConsoleApiTests.ConsoleNode node) : IClassFixture<ConsoleApiTests.ConsoleNode>
{
    private readonly StationUnderTest _console = node.Station;

    [Theory]
    [InlineData("GET", "/api/jobs")]
    [InlineData("GET", "/api/jobs/job-1")]
    [InlineData("POST", "/api/jobs")]
    [InlineData("POST", "/api/jobs/job-1/pause")]
    public async Task A_console_answers_409_naming_where_jobs_run(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "POST" ? new StringContent("{\"plugin\":\"p\",\"operation\":\"o\",\"count\":1}", System.Text.Encoding.UTF8, "application/json") : null,
        };

        var problem = await ProblemAssert.IsAsync(await _console.Http.SendAsync(request), HttpStatusCode.Conflict, "is a console");

        Assert.Equal("NoJobsOnConsole", problem["reason"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("GET /api/jobs/", FleetRole.Viewer, null)]
    [InlineData("GET /api/jobs/{id}", FleetRole.Viewer, null)]
    [InlineData("POST /api/jobs/", FleetRole.Operator, "job.create")]
    [InlineData("POST /api/jobs/{id}/pause", FleetRole.Operator, "job.pause")]
    [InlineData("POST /api/jobs/{id}/resume", FleetRole.Operator, "job.resume")]
    [InlineData("POST /api/jobs/{id}/cancel", FleetRole.Operator, "job.cancel")]
    [InlineData("POST /api/jobs/{id}/rows/{rowId}/decision", FleetRole.Operator, "job.decide-row")]
    [InlineData("DELETE /api/jobs/{id}", FleetRole.Operator, "job.delete")]
    public void Every_job_endpoint_declares_its_role_and_audit_action(string route, FleetRole role, string? action)
    {
        var endpoints = _console.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        var endpoint = Assert.Single(endpoints, e =>
            $"{e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Single()} /{e.RoutePattern.RawText?.TrimStart('/')}".TrimEnd('/')
            == route.TrimEnd('/'));

        Assert.Equal(role, endpoint.Metadata.GetMetadata<RequiredRole>()?.Role);
        Assert.Equal(action, endpoint.Metadata.GetMetadata<AuditedAction>()?.Action);
    }
}
