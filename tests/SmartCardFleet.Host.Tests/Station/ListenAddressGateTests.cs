using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using SmartCardFleet.Host.Configuration;
using SmartCardFleet.Host.Station;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Station;

/// <summary>A request that reaches Kestrel between binding and the address check is held: served after a passed check,
/// never served after a failed one. A server stand-in delivers the request inside StartAsync, exactly in that window.</summary>
public sealed class ListenAddressGateTests
{
    [Fact]
    public async Task A_request_arriving_before_a_failed_check_is_never_served()
    {
        var server = new RequestDuringStartServer("http://0.0.0.0:5080");
        using var guard = new ListenAddressGuard(server, new ListenExposure(), Options.Create(new HttpOptions()));
        var application = new RecordingApplication();

        await Assert.ThrowsAsync<StationStartException>(() => guard.StartAsync(application, CancellationToken.None));

        await Assert.ThrowsAsync<StationStartException>(() => server.Request!);
        Assert.False(application.Served);
        Assert.True(server.Stopped);
    }

    [Fact]
    public async Task A_request_arriving_before_a_passed_check_is_served_after_it()
    {
        var server = new RequestDuringStartServer("http://0.0.0.0:5080");
        var exposure = new ListenExposure();
        using var guard = new ListenAddressGuard(server, exposure, Options.Create(new HttpOptions { ApiToken = StationUnderTest.TestToken }));
        var application = new RecordingApplication();

        await guard.StartAsync(application, CancellationToken.None);
        await server.Request!;

        Assert.True(application.Served);
        Assert.False(exposure.LoopbackOnly);
    }

    private sealed class RequestDuringStartServer(string boundAddress) : IServer
    {
        public IFeatureCollection Features { get; } = new FeatureCollection();

        public Task? Request { get; private set; }

        public bool Stopped { get; private set; }

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull
        {
            var addresses = new ServerAddressesFeature();
            addresses.Addresses.Add(boundAddress);
            Features.Set<IServerAddressesFeature>(addresses);
            Request = application.ProcessRequestAsync(application.CreateContext(new FeatureCollection()));
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            Stopped = true;
            return Task.CompletedTask;
        }

        public void Dispose()
        {
        }
    }

    private sealed class RecordingApplication : IHttpApplication<object>
    {
        public bool Served { get; private set; }

        public object CreateContext(IFeatureCollection contextFeatures) => new();

        public Task ProcessRequestAsync(object context)
        {
            Served = true;
            return Task.CompletedTask;
        }

        public void DisposeContext(object context, Exception? exception)
        {
        }
    }

    private sealed class ServerAddressesFeature : IServerAddressesFeature
    {
        public ICollection<string> Addresses { get; } = [];

        public bool PreferHostingUrls { get; set; }
    }
}
