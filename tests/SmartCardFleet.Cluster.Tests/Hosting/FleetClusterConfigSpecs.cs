using Akka.Cluster.Hosting.SBR;
using SmartCardFleet.Cluster.Hosting;
using SmartCardFleet.Cluster.Topology;

namespace SmartCardFleet.Cluster.Tests.Hosting;

/// <summary>FleetClusterOptions → the Akka settings a node runs with, checked without starting a node.</summary>
public sealed class FleetClusterConfigSpecs
{
    [Fact]
    public void Remoting_binds_the_given_address_with_frames_big_enough_for_2500_readers()
    {
        var remote = FleetClusterConfig.Remote(new FleetClusterOptions { Hostname = "127.0.0.2", PublicHostname = "kiosk-1.lan", Port = 4100 });

        Assert.Equal("127.0.0.2", remote.HostName);
        Assert.Equal("kiosk-1.lan", remote.PublicHostName);
        Assert.Equal(4100, remote.Port);
        Assert.True(remote.MaxFrameSize >= 4 * 1024 * 1024, $"frame size {remote.MaxFrameSize}");
        Assert.True(remote.SendBufferSize >= remote.MaxFrameSize && remote.ReceiveBufferSize >= remote.MaxFrameSize);
        Assert.NotEqual(true, remote.EnableSsl);
    }

    [Fact]
    public void Tls_names_the_certificate_file_and_password_and_asks_both_ends_for_a_certificate()
    {
        var options = new FleetClusterOptions { Hostname = "10.0.0.5", Tls = new FleetClusterTls("/etc/fleet/node.pfx", "secret", SuppressValidation: true) };

        var remote = FleetClusterConfig.Remote(options.Validate());

        Assert.True(remote.EnableSsl);
        Assert.Equal("/etc/fleet/node.pfx", remote.Ssl!.CertificateOptions!.Path);
        Assert.Equal("secret", remote.Ssl.CertificateOptions.Password);
        Assert.True(remote.Ssl.SuppressValidation);
        Assert.True(remote.Ssl.RequireMutualAuthentication);
    }

    [Fact]
    public void Seeds_become_addresses_of_the_fleet_actor_system()
    {
        var options = new FleetClusterOptions { Seeds = { "10.0.0.5:4053", "kiosk-2:4054" } };

        var cluster = FleetClusterConfig.Clustering(options, options.ActorSystemName);

        Assert.Equal(["akka.tcp://fleet@10.0.0.5:4053", "akka.tcp://fleet@kiosk-2:4054"], cluster.SeedNodes!);
    }

    [Fact]
    public void With_tls_seeds_are_addressed_over_the_tls_transport()
    {
        var options = new FleetClusterOptions { Tls = new FleetClusterTls("node.pfx", null), Seeds = { "10.0.0.5:4053" } };

        Assert.Equal(["akka.ssl.tcp://fleet@10.0.0.5:4053"], FleetClusterConfig.Clustering(options, "fleet").SeedNodes!);
    }

    [Theory]
    [InlineData(SplitBrainStrategy.KeepMajority, typeof(KeepMajorityOption))]
    [InlineData(SplitBrainStrategy.KeepOldest, typeof(KeepOldestOption))]
    public void The_split_brain_strategy_picks_Akkas_resolver(SplitBrainStrategy strategy, Type expected)
    {
        var cluster = FleetClusterConfig.Clustering(new FleetClusterOptions { SplitBrain = strategy }, "fleet");

        Assert.IsType(expected, cluster.SplitBrainResolver);
    }

    [Fact]
    public void Roles_timings_and_strict_serialization_are_in_the_prepended_hocon()
    {
        var options = new FleetClusterOptions
        {
            StationName = "kiosk-7",
            Role = NodeRole.Console,
            StableAfter = TimeSpan.FromSeconds(7),
            AcceptableHeartbeatPause = TimeSpan.FromMilliseconds(2500),
        };

        var hocon = FleetClusterConfig.Hocon(options);

        Assert.Equal(["console", "name:kiosk-7"], hocon.GetStringList("akka.cluster.roles"));
        Assert.Equal(TimeSpan.FromSeconds(7), hocon.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"));
        Assert.Equal(TimeSpan.FromMilliseconds(2500), hocon.GetTimeSpan("akka.cluster.failure-detector.acceptable-heartbeat-pause"));
        Assert.False(hocon.GetBoolean("akka.actor.serialization-settings.allow-unregistered-types"));
        Assert.True(hocon.GetTimeSpan("akka.cluster.retry-unsuccessful-join-after") <= TimeSpan.FromSeconds(3));
        Assert.Equal(TimeSpan.FromMilliseconds(2500), FleetClusterConfig.Clustering(options, "fleet").FailureDetector!.AcceptableHeartbeatPause);
    }

    [Theory]
    [InlineData("10.0.0.5", null, "Tls")]
    [InlineData("127.0.0.1", "kiosk", "host:port")]
    [InlineData("127.0.0.1", "kiosk:0", "port")]
    [InlineData("127.0.0.1", "kiosk:99999", "port")]
    public void Validate_refuses_a_public_address_without_tls_and_a_seed_without_a_port(string hostname, string? seed, string problem)
    {
        var options = new FleetClusterOptions { StationName = "kiosk-1", Hostname = hostname };
        if (seed is not null)
        {
            options.Seeds.Add(seed);
        }

        var error = Assert.Throws<ArgumentException>(() => options.Validate());

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_refuses_an_invalid_station_name()
    {
        var error = Assert.Throws<ArgumentException>(() => new FleetClusterOptions { StationName = "Kiosk.1" }.Validate());

        Assert.Contains("StationName 'Kiosk.1'", error.Message, StringComparison.Ordinal);
    }
}
