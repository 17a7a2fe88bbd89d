using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SmartCardFleet.Host.Tests.Station;

/// <summary>What the cluster configuration tests share: a free loopback port for remoting and a self-signed .pfx.</summary>
internal static class ClusterTestSettings
{
    /// <summary>A port the OS just handed out on loopback; other helpers' tests run at the same time, so never 4053.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Settings of a node that joins itself on a free loopback port.</summary>
    public static Dictionary<string, string?> Node(string name, string role = "station") => new()
    {
        ["Station:Name"] = name,
        ["Cluster:Enabled"] = "true",
        ["Cluster:Port"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
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
