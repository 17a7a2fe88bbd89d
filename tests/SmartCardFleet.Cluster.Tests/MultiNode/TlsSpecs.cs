using SmartCardFleet.Cluster.Tests.Support;
using SmartCardFleet.Cluster.Topology;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Messaging;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Testing;

namespace SmartCardFleet.Cluster.Tests.MultiNode;

/// <summary>Remoting over TLS: two stations holding a certificate made in the test join and command each other.</summary>
[Collection(MultiNodeCollection.Name)]
public sealed class TlsSpecs
{
    [Fact]
    public async Task Two_stations_on_TLS_remoting_join_and_a_request_crosses_between_them()
    {
        using var certificate = SelfSignedCertificate.Create();
        var tls = new FleetClusterTls(certificate.Path, certificate.Password, SuppressValidation: true);
        await using var fleet = await LocalFleet.StartAsync(new NodeSetup("station-a") { Tls = tls }, new NodeSetup("station-b") { Tls = tls });
        var (a, b) = (fleet["station-a"], fleet["station-b"]);

        await KilledStationSpecs.AwaitReadersListedAsync([a], b);
        Assert.Equal("akka.ssl.tcp", b.Cluster.SelfAddress.Protocol);

        var route = Assert.IsType<StationRoute.Remote>(a.Topology.Route("station-b"));
        var status = await new ReaderRequests(a.System, route.ReaderManager).RequestAsync(b.ReaderIds[0], GetStatus.Instance, TimeSpan.FromSeconds(10));
        Assert.True(status.IsSuccess, status.Failure?.ToString());
        Assert.Equal(NodeSetup.ReaderName("station-b", 0), status.Value!.ReaderName);
    }
}
