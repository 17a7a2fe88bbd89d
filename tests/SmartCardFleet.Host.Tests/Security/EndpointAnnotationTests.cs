using Microsoft.AspNetCore.Routing;
using SmartCardFleet.Host.Security;
using SmartCardFleet.Host.Station;

namespace SmartCardFleet.Host.Tests.Security;

/// <summary>Fails when someone adds an endpoint under /api without saying which role it needs, or a state-changing one
/// without its audit action: the default would still fail closed (Admin), but the choice must be made on purpose.</summary>
public sealed class EndpointAnnotationTests : IAsyncLifetime
{
    private Microsoft.AspNetCore.Builder.WebApplication _app = null!;

    private IReadOnlyList<RouteEndpoint> ApiEndpoints =>
        [.. ((IEndpointRouteBuilder)_app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api", StringComparison.Ordinal) == true)];

    public Task InitializeAsync()
    {
        _app = StationHost.Build(new StationLaunch { SimulateReaders = 1 });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static string Describe(RouteEndpoint e) =>
        $"{string.Join(',', e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])} {e.RoutePattern.RawText}";

    [Fact]
    public void Every_api_endpoint_names_its_role_or_is_open_on_purpose()
    {
        var endpoints = ApiEndpoints;

        Assert.True(endpoints.Count >= 14, $"only {endpoints.Count} /api endpoints found: {string.Join("; ", endpoints.Select(Describe))}");
        Assert.Empty(endpoints.Where(e => e.Metadata.GetMetadata<RequiredRole>() is null && e.Metadata.GetMetadata<OpenAccess>() is null)
            .Select(Describe));
    }

    [Fact]
    public void Every_state_changing_api_endpoint_is_audited()
    {
        var changing = ApiEndpoints.Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Any(m => m is not ("GET" or "HEAD")) != false)
            .ToList();

        Assert.Empty(changing.Where(e => e.Metadata.GetMetadata<AuditedAction>() is null).Select(Describe));
        var actions = changing.Select(e => e.Metadata.GetMetadata<AuditedAction>()!.Action).ToHashSet();
        Assert.Superset(new HashSet<string>
        {
            "reader.attach", "reader.detach", "reader.reconnect", "reader.transmit", "reader.transaction", "plugin.operation",
            "plugin.reload", "plugin.reload-one", "plugin.clear-quarantine", "session.login",
            "job.create", "job.pause", "job.resume", "job.cancel", "job.decide-row",
        }, actions);
    }

    [Fact]
    public void Roles_follow_the_rules_card_operations_operator_station_changes_admin()
    {
        var roles = ApiEndpoints.Where(e => e.Metadata.GetMetadata<AuditedAction>() is not null)
            .ToDictionary(e => e.Metadata.GetMetadata<AuditedAction>()!.Action, e => e.Metadata.GetMetadata<RequiredRole>()?.Role);

        Assert.All(new[]
            {
                "reader.attach", "reader.detach", "reader.reconnect", "reader.transmit", "reader.transaction", "plugin.operation",
                "job.create", "job.pause", "job.resume", "job.cancel", "job.decide-row",
            },
            action => Assert.Equal(FleetRole.Operator, roles[action]));
        Assert.All(new[] { "plugin.reload", "plugin.reload-one", "plugin.clear-quarantine", "audit.export" },
            action => Assert.Equal(FleetRole.Admin, roles[action]));
    }
}
