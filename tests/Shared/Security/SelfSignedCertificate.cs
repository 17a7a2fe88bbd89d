using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SmartCardFleet.Testing;

/// <summary>A self-signed certificate for 127.0.0.1/localhost made by the test and written as a password-protected
/// PKCS#12 file into a temporary folder, the form FleetClusterTls and Cluster:Tls read. The folder is deleted on dispose.
/// Linked into every test project that needs one.</summary>
internal sealed class SelfSignedCertificate : IDisposable
{
    private readonly DirectoryInfo _folder;

    private SelfSignedCertificate(DirectoryInfo folder, string path, string password)
    {
        _folder = folder;
        Path = path;
        Password = password;
    }

    public string Path { get; }

    public string Password { get; }

    /// <param name="password">The .pfx password; a random one when null.</param>
    public static SelfSignedCertificate Create(string? password = null)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false)); // server and client auth
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));

        password ??= Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        var folder = System.IO.Directory.CreateTempSubdirectory("fleet-cluster-tls-");
        var path = System.IO.Path.Combine(folder.FullName, "node.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return new SelfSignedCertificate(folder, path, password);
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
