using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SmartCardFleet.Testing;

namespace SmartCardFleet.Host.Tests.Station;

/// <summary>What the cluster configuration tests share: a free loopback port for remoting and a self-signed .pfx.</summary>
internal static class ClusterTestSettings
{
    /// <summary>Settings of a node that joins itself on a free loopback port.</summary>
    public static Dictionary<string, string?> Node(string name, string role = "station") => new()
    {
        ["Station:Name"] = name,
        ["Cluster:Enabled"] = "true",
        ["Cluster:Port"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Cluster:Roles:0"] = role,
    };

    /// <summary>A self-signed certificate with its key, written as a password-protected .pfx into a temporary folder.</summary>
    public static string SelfSignedPfx(string password)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=fleet-test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var path = Path.Combine(Directory.CreateTempSubdirectory("fleet-tls-").FullName, "node.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return path;
    }
}
