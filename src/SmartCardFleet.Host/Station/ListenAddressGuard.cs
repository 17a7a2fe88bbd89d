using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using SmartCardFleet.Host.Configuration;

namespace SmartCardFleet.Host.Station;

/// <summary>
/// Wraps Kestrel so the rule "no address off loopback without an API token (Http:ApiToken or Http:Tokens)" is decided from the addresses Kestrel
/// actually bound, whatever told it to listen (Http:Urls, --urls lists, ASPNETCORE_URLS, Kestrel:Endpoints from any
/// configuration source). Requests that arrive between binding and the check wait for it; when the check fails they are
/// never served, the server stops and the start fails with a <see cref="StationStartException"/> (exit code 2).
/// </summary>
internal sealed class ListenAddressGuard(IServer inner, ListenExposure exposure, IOptions<HttpOptions> http) : IServer
{
    public IFeatureCollection Features => inner.Features;

    public async Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull
    {
        var checkedAddresses = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await inner.StartAsync(new GatedApplication<TContext>(application, checkedAddresses.Task), cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            // Kestrel's words for a listen address it cannot use, e.g. a path in a URL.
            throw new StationStartException($"Kestrel cannot listen as configured (Http:Urls, --urls or Kestrel:Endpoints): {e.Message}", e);
        }

        var addresses = Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
        exposure.Record(addresses);
        var exposed = addresses.Where(a => !ListenUrl.IsLoopback(a)).ToList();
        if (exposed.Count == 0 || http.Value.RequiresToken)
        {
            checkedAddresses.SetResult();
            return;
        }

        var refusal = new StationStartException(
            $"the station listens on {string.Join(", ", exposed)}, which other machines can reach, and no API token is configured: " +
            "set Http:ApiToken (environment FLEET_Http__ApiToken or Http:ApiTokenFile) or named tokens in Http:Tokens, or listen on loopback only " +
            "(check Http:Urls, --urls, ASPNETCORE_URLS and Kestrel:Endpoints).");
        checkedAddresses.SetException(refusal);
        await inner.StopAsync(CancellationToken.None);
        throw refusal;
    }

    public Task StopAsync(CancellationToken cancellationToken) => inner.StopAsync(cancellationToken);

    public void Dispose() => inner.Dispose();

    /// <summary>Holds every request until the bound addresses are checked; after that it costs one completed-task test.</summary>
    private sealed class GatedApplication<TContext>(IHttpApplication<TContext> application, Task checkedAddresses) : IHttpApplication<TContext>
        where TContext : notnull
    {
        public TContext CreateContext(IFeatureCollection contextFeatures) => application.CreateContext(contextFeatures);

        public Task ProcessRequestAsync(TContext context) =>
            checkedAddresses.IsCompletedSuccessfully ? application.ProcessRequestAsync(context) : AfterCheckAsync(context);

        public void DisposeContext(TContext context, Exception? exception) => application.DisposeContext(context, exception);

        private async Task AfterCheckAsync(TContext context)
        {
            await checkedAddresses;
            await application.ProcessRequestAsync(context);
        }
    }
}
