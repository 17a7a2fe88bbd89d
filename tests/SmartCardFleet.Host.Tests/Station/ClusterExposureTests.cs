using SmartCardFleet.Host.Station;
using SmartCardFleet.Host.Tests.Support;
using SmartCardFleet.Testing;

namespace SmartCardFleet.Host.Tests.Station;

/// <summary>Remoting off loopback needs TLS and the API token, or the station refuses to start naming what is missing:
/// the rule the HTTP API follows (docs/security.md).</summary>
public sealed class ClusterExposureTests
{
    private const string Password = "pfx-password";

    private static readonly Lazy<string> Certificate = new(() => SelfSignedCertificate.Create(Password).Path);

    [Fact]
    public void A_non_loopback_hostname_without_tls_or_token_refuses_to_start_naming_both_keys()
    {
        var error = Assert.Throws<StationStartException>(() => Build(Exposed()));

        Assert.Contains("Cluster:Hostname 0.0.0.0", error.Message, StringComparison.Ordinal);
        Assert.Contains("Cluster:Tls:CertificatePath", error.Message, StringComparison.Ordinal);
        Assert.Contains("Http:ApiToken", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_loopback_hostname_with_the_token_but_without_tls_refuses_to_start_naming_the_certificate_key()
    {
        var settings = Exposed();
        settings["Http:ApiToken"] = StationUnderTest.TestToken;

        var error = Assert.Throws<StationStartException>(() => Build(settings));

        Assert.Contains("set Cluster:Tls:CertificatePath", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Http:ApiToken", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_loopback_hostname_with_tls_but_without_the_token_refuses_to_start_naming_the_token_key()
    {
        var settings = WithCertificate(Exposed(), Password);

        var error = Assert.Throws<StationStartException>(() => Build(settings));

        Assert.Contains("set Http:ApiToken", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Cluster:Tls:CertificatePath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_that_does_not_open_with_the_password_refuses_to_start_naming_the_password_key()
    {
        var settings = WithCertificate(Exposed(), "not-the-password");
        settings["Http:ApiToken"] = StationUnderTest.TestToken;

        var error = Assert.Throws<StationStartException>(() => Build(settings));

        Assert.Contains("Cluster:Tls:CertificatePassword", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_tls_and_the_token_a_non_loopback_hostname_starts_and_becomes_a_member_up()
    {
        var settings = WithCertificate(Exposed(), Password);
        settings["Http:ApiToken"] = StationUnderTest.TestToken;

        await using var station = await StationUnderTest.StartAsync(readers: 1, overrides: settings, clientToken: StationUnderTest.TestToken);

        await ClusterNodeTests.WaitUntilMemberUpAsync(station);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task A_loopback_hostname_needs_neither_tls_nor_token(string hostname)
    {
        var settings = ClusterTestSettings.Node("desk-1");
        settings["Cluster:Hostname"] = hostname;

        await using var station = await StationUnderTest.StartAsync(readers: 1, overrides: settings);

        await ClusterNodeTests.WaitUntilMemberUpAsync(station);
    }

    private static Dictionary<string, string?> Exposed()
    {
        var settings = ClusterTestSettings.Node("desk-1");
        settings["Cluster:Hostname"] = "0.0.0.0";
        settings["Cluster:PublicHostname"] = "127.0.0.1";
        return settings;
    }

    private static Dictionary<string, string?> WithCertificate(Dictionary<string, string?> settings, string password)
    {
        settings["Cluster:Tls:CertificatePath"] = Certificate.Value;
        settings["Cluster:Tls:CertificatePassword"] = password;
        settings["Cluster:Tls:SuppressValidation"] = "true";
        return settings;
    }

    private static Microsoft.AspNetCore.Builder.WebApplication Build(Dictionary<string, string?> settings) =>
        StationHost.Build(new StationLaunch { SimulateReaders = 1, Urls = ["http://127.0.0.1:0"], Overrides = settings });
}
