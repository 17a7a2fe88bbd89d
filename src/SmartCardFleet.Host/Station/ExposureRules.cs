using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;
using SmartCardFleet.Host.Api;
using SmartCardFleet.Host.Configuration;

namespace SmartCardFleet.Host.Station;

/// <summary>Who may reach the station and how: the bound-address check around Kestrel, the Host header rule, the
/// browser headers and the token (README "Security"). One place to register them, one to put them in the pipeline.</summary>
internal static class ExposureRules
{
    public static IServiceCollection AddExposureRules(this IServiceCollection services)
    {
        services.AddSingleton<ListenExposure>();
        services.AddSingleton<ApiTokenCheck>();
        services.AddHostedService<TokenSourceWarning>();
        var server = services.LastOrDefault(d => d.ServiceType == typeof(IServer))
            ?? throw new InvalidOperationException("no web server is registered, so its bound addresses cannot be checked");
        services.Remove(server);
        services.AddSingleton<IServer>(sp => new ListenAddressGuard(Create(sp, server), sp.GetRequiredService<ListenExposure>(),
            sp.GetRequiredService<IOptions<HttpOptions>>()));
        return services;
    }

    /// <summary>Before anything that answers: even a refused request carries the browser headers.</summary>
    public static IApplicationBuilder UseExposureRules(this IApplicationBuilder app)
    {
        app.UseMiddleware<SecurityHeaders>();
        app.UseMiddleware<HostHeaderFilter>();
        // Around the token check, so requests it refuses are audited too.
        app.UseMiddleware<Security.AuditMiddleware>();
        app.UseMiddleware<ApiTokenMiddleware>();
        return app;
    }

    private static IServer Create(IServiceProvider services, ServiceDescriptor server) =>
        (IServer)(server.ImplementationInstance ?? server.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, server.ImplementationType!));
}
