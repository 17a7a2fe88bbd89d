using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using SmartCardFleet.Cluster;
using SmartCardFleet.Cluster.Topology;
using SmartCardFleet.Host.Configuration;
using SmartCardFleet.Host.Station;
using SmartCardFleet.Host.Tests.Station;
using SmartCardFleet.Host.Tests.Support;
using SmartCardFleet.Testing;

namespace SmartCardFleet.Host.Tests.Configuration;

/// <summary>Station:Name and the Cluster section are read and validated before the host is composed; every refusal
/// names the key to fix.</summary>
public sealed class ClusterOptionsTests
{
    [Theory]
    [InlineData("Station:Name", "Kiosk_1", "Station:Name")]
    [InlineData("Station:Name", "kiosk.1", "Station:Name")]
    [InlineData("Cluster:Hostname", "http://10.0.0.1", "Cluster:Hostname")]
    [InlineData("Cluster:PublicHostname", "a b", "Cluster:PublicHostname")]
    [InlineData("Cluster:Port", "0", "Cluster:Port")]
    [InlineData("Cluster:Port", "65536", "Cluster:Port")]
    [InlineData("Cluster:Seeds:0", "10.0.0.1", "Cluster:Seeds:0")]
    [InlineData("Cluster:Seeds:0", "10.0.0.1:0", "Cluster:Seeds:0")]
    [InlineData("Cluster:Seeds:0", ":4053", "Cluster:Seeds:0")]
    [InlineData("Cluster:Roles:1", "console", "Cluster:Roles")]
    [InlineData("Cluster:SplitBrain:StableAfter", "00:00:00", "Cluster:SplitBrain:StableAfter")]
    [InlineData("Cluster:FailureDetector:AcceptableHeartbeatPause", "-00:00:01", "Cluster:FailureDetector:AcceptableHeartbeatPause")]
    [InlineData("Cluster:JoinWatchdog", "-00:00:01", "Cluster:JoinWatchdog")]
    [InlineData("Cluster:Tls:CertificatePath", "no-such-node.pfx", "Cluster:Tls:CertificatePath")]
    [InlineData("Cluster:Seeds", "10.0.0.1:4053", "Cluster:Seeds:0=")]
    public void A_bad_value_refuses_the_start_naming_its_key(string key, string value, string named)
    {
        var settings = new Dictionary<string, string?> { ["Cluster:Enabled"] = "true", ["Cluster:Roles:0"] = "station", [key] = value };

        var error = Assert.Throws<OptionsValidationException>(() => Load(settings));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Single(error.Failures);
    }

    [Fact]
    public void The_station_refuses_a_bad_cluster_value_when_it_is_built()
    {
        var overrides = new Dictionary<string, string?> { ["Cluster:Enabled"] = "true", ["Cluster:Port"] = "70000" };

        var error = Assert.Throws<OptionsValidationException>(() =>
            StationHost.Build(new StationLaunch { SimulateReaders = 1, Urls = ["http://127.0.0.1:0"], Overrides = overrides }));

        Assert.Contains("Cluster:Port must be 1..65535 (got 70000)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Cluster:Roles:0", "station,console")]
    [InlineData("Cluster:Roles:0", "1")]
    [InlineData("Cluster:Roles:0", "kiosk")]
    [InlineData("Cluster:SplitBrain:Strategy", "KeepMajority,KeepOldest")]
    [InlineData("Cluster:SplitBrain:Strategy", "0")]
    public void A_role_or_strategy_takes_exactly_one_known_name(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();

        var problem = Assert.Single(StationConfigurationCheck.Inspect(configuration).EnumProblems);

        Assert.StartsWith(key, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_cluster_key_is_reported_as_unknown()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cluster:Prot"] = "4100",
            ["Cluster:Tls:CertificatPath"] = "node.pfx",
            ["Cluster:Port"] = "4100",
        }).Build();

        Assert.Equal(["Cluster:Prot", "Cluster:Tls:CertificatPath"], StationConfigurationCheck.Inspect(configuration).UnknownKeys.Order());
    }

    [Fact]
    public void Role_names_are_read_without_regard_to_case()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cluster:Roles:0"] = "console",
            ["Cluster:SplitBrain:Strategy"] = "keepoldest",
        }).Build();

        Assert.Empty(StationConfigurationCheck.Inspect(configuration).EnumProblems);
    }

    [Fact]
    public void A_disabled_cluster_section_is_not_validated_and_the_node_is_a_standalone_station()
    {
        var node = Load(new Dictionary<string, string?> { ["Cluster:Port"] = "0", ["Cluster:Roles:0"] = "console" });

        Assert.False(node.Clustered);
        Assert.Equal(NodeRole.Station, node.Role);
        Assert.Equal("kiosk-07", node.StationName);
    }

    [Fact]
    public void Every_key_reaches_the_cluster_library_options()
    {
        using var pfx = SelfSignedCertificate.Create("secret");
        var certificate = pfx.Path;
        var node = Load(new Dictionary<string, string?>
        {
            ["Station:Name"] = "desk-2",
            ["Cluster:Enabled"] = "true",
            ["Cluster:Hostname"] = "0.0.0.0",
            ["Cluster:PublicHostname"] = "desk-2.example",
            ["Cluster:Port"] = "4100",
            ["Cluster:Seeds:0"] = "desk-1.example:4053",
            ["Cluster:Seeds:1"] = "10.0.0.9:4054",
            ["Cluster:Roles:0"] = "console",
            ["Cluster:Tls:CertificatePath"] = certificate,
            ["Cluster:Tls:CertificatePassword"] = "secret",
            ["Cluster:Tls:SuppressValidation"] = "true",
            ["Cluster:SplitBrain:Strategy"] = "KeepOldest",
            ["Cluster:SplitBrain:StableAfter"] = "00:00:07",
            ["Cluster:FailureDetector:AcceptableHeartbeatPause"] = "00:00:03",
            ["Cluster:JoinWatchdog"] = "00:00:00",
        }, token: StationUnderTest.TestToken);

        var options = node.ToFleetClusterOptions();

        Assert.Equal(("desk-2", NodeRole.Console, "0.0.0.0", "desk-2.example", 4100),
            (options.StationName, options.Role, options.Hostname, options.PublicHostname, options.Port));
        Assert.Equal(new[] { "desk-1.example:4053", "10.0.0.9:4054" }, options.Seeds);
        Assert.Equal(new FleetClusterTls(certificate, "secret", SuppressValidation: true), options.Tls);
        Assert.Equal((SplitBrainStrategy.KeepOldest, TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(3)),
            (options.SplitBrain, options.StableAfter, options.AcceptableHeartbeatPause));
        Assert.Equal(TimeSpan.Zero, options.JoinWatchdog);
        Assert.Equal(ClusterSettings.SoftwareVersion, options.SoftwareVersion);
        Assert.Equal("desk-2.example:4100", node.RemotingAddress);
    }

    [Fact]
    public void Defaults_are_a_loopback_station_on_4053_that_starts_its_own_fleet_without_tls()
    {
        var options = Load(new Dictionary<string, string?> { ["Cluster:Enabled"] = "true" }).ToFleetClusterOptions();

        Assert.Equal(("kiosk-07", NodeRole.Station, "127.0.0.1", null, 4053), (options.StationName, options.Role, options.Hostname,
            options.PublicHostname, options.Port));
        Assert.Empty(options.Seeds);
        Assert.Null(options.Tls);
        Assert.Equal((SplitBrainStrategy.KeepMajority, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1)),
            (options.SplitBrain, options.StableAfter, options.AcceptableHeartbeatPause, options.JoinWatchdog));
    }

    [Theory]
    [InlineData("Kiosk_07.example.org", "station", "kiosk-07-example-org")]
    [InlineData("Kiosk_07.example.org", "console", "kiosk-07-example-org-console")]
    [InlineData("___", "console", "station-console")]
    public void Without_Station_Name_the_host_name_made_valid_is_the_name(string host, string role, string expected)
    {
        var node = ClusterSettings.Load(Configuration(new Dictionary<string, string?> { ["Cluster:Enabled"] = "true", ["Cluster:Roles:0"] = role }),
            new HttpOptions(), host);

        Assert.Equal(expected, node.StationName);
        Assert.True(StationNames.IsValid(node.StationName, out _));
    }

    [Fact]
    public void A_console_default_name_stays_within_the_length_limit_and_keeps_its_suffix()
    {
        var name = StationIdentity.Resolve(null, NodeRole.Console, new string('k', 39) + "-x");

        Assert.Equal(new string('k', 32) + "-console", name);
        Assert.True(StationNames.IsValid(name, out _));
    }

    internal static FleetNode Load(Dictionary<string, string?> settings, string? token = null) =>
        ClusterSettings.Load(Configuration(settings), new HttpOptions { ApiToken = token }, "Kiosk_07");

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
