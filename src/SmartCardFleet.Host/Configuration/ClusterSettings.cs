using System.Reflection;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using SmartCardFleet.Cluster;
using SmartCardFleet.Host.Station;

namespace SmartCardFleet.Host.Configuration;

/// <summary>
/// Reads Station:Name and the Cluster section before the host is composed (remoting needs its address and the node its
/// name when the ActorSystem is configured), validates them with messages that name the key, and applies the exposure
/// rule: remoting bound off loopback needs TLS (Cluster:Tls:CertificatePath) and an API token (Http:ApiToken or Http:Tokens), the
/// same rule the HTTP API follows (docs/security.md).
/// </summary>
public static class ClusterSettings
{
    public static FleetNode Load(IConfiguration configuration, HttpOptions http, string hostName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(http);
        var cluster = configuration.GetSection(ClusterOptions.SectionName).Get<ClusterOptions>() ?? new ClusterOptions();
        var configured = configuration[StationIdentity.NameKey];
        var failures = new List<string>();
        if (StationIdentity.Problem(configured) is { } nameProblem)
        {
            failures.Add(nameProblem);
        }

        if (cluster.Enabled)
        {
            failures.AddRange(ListsGivenAsOneValue(configuration));
            if (!string.IsNullOrEmpty(cluster.Tls.CertificatePath))
            {
                cluster.Tls.CertificatePath = Path.GetFullPath(cluster.Tls.CertificatePath,
                    configuration["Station:ConfigDirectory"] ?? Directory.GetCurrentDirectory());
            }

            var result = new ClusterOptionsValidator().Validate(null, cluster);
            failures.AddRange(result.Failed ? result.Failures : []);
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(ClusterOptions.SectionName, typeof(ClusterOptions), failures);
        }

        if (cluster.Enabled)
        {
            CheckExposure(cluster, http);
        }

        var role = cluster.Enabled ? cluster.Role : Cluster.Topology.NodeRole.Station;
        return new FleetNode(StationIdentity.Resolve(configured, role, hostName), cluster, SoftwareVersion);
    }

    /// <summary>The host's informational version ("1.4.0+abc123"), as the fleet view shows it.</summary>
    public static string SoftwareVersion { get; } =
        typeof(ClusterSettings).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ClusterSettings).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>"--Cluster:Seeds=a:1" sets a value the binder silently ignores for a list; say how to give a list.</summary>
    private static IEnumerable<string> ListsGivenAsOneValue(IConfiguration configuration) =>
        new[] { nameof(ClusterOptions.Seeds), nameof(ClusterOptions.Roles) }
            .Where(key => !string.IsNullOrEmpty(configuration[$"{ClusterOptions.SectionName}:{key}"]))
            .Select(key => $"{ClusterOptions.SectionName}:{key} is a list: give each entry with its index, " +
                $"e.g. --{ClusterOptions.SectionName}:{key}:0=... or FLEET_{ClusterOptions.SectionName}__{key}__0=...");

    /// <summary>Remoting carries reader commands (PINs inside APDUs) and accepts commands from any member: off loopback it
    /// is encrypted and authenticated by TLS, and the HTTP API that can reach it is guarded by the token.</summary>
    private static void CheckExposure(ClusterOptions cluster, HttpOptions http)
    {
        // The library's own rule, so its last check (FleetClusterOptions.Validate) and this one never disagree.
        if (FleetClusterOptions.IsLoopback(cluster.Hostname))
        {
            // TLS on loopback is allowed (a test of the set-up); its certificate must open all the same.
            if (!string.IsNullOrEmpty(cluster.Tls.CertificatePath))
            {
                CheckCertificate(cluster.Tls);
            }

            return;
        }

        var missing = new List<string>();
        if (string.IsNullOrEmpty(cluster.Tls.CertificatePath))
        {
            missing.Add("Cluster:Tls:CertificatePath (a .pfx with the node's certificate and key)");
        }

        if (!http.RequiresToken)
        {
            missing.Add("Http:ApiToken (environment FLEET_Http__ApiToken or Http:ApiTokenFile) or named tokens in Http:Tokens");
        }

        if (missing.Count > 0)
        {
            throw new StationStartException(
                $"Cluster:Hostname {cluster.Hostname} lets other machines reach this node's remoting, so it needs TLS and the " +
                $"API token: set {string.Join(" and ", missing)}, or bind Cluster:Hostname to 127.0.0.1 (docs/security.md).");
        }

        CheckCertificate(cluster.Tls);
    }

    /// <summary>Opened now, so a wrong password or a certificate without its key is a start error, not a failed join.</summary>
    private static void CheckCertificate(ClusterTlsOptions tls)
    {
        try
        {
            using var certificate = X509CertificateLoader.LoadPkcs12FromFile(tls.CertificatePath!, tls.CertificatePassword);
            if (!certificate.HasPrivateKey)
            {
                throw new StationStartException($"Cluster:Tls:CertificatePath {tls.CertificatePath} holds no private key: export the certificate with its key (.pfx).");
            }
        }
        catch (CryptographicException e)
        {
            throw new StationStartException(
                $"Cluster:Tls:CertificatePath {tls.CertificatePath} cannot be opened with Cluster:Tls:CertificatePassword: {e.Message}", e);
        }
    }
}
