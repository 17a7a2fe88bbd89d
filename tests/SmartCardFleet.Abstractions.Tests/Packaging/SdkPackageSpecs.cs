using System.IO.Compression;
using System.Reflection;
using System.Xml.Linq;
using SmartCardFleet.Abstractions;

namespace SmartCardFleet.Abstractions.Tests.Packaging;

/// <summary>
/// The SDK's three version numbers agree: SdkInfo.Version (compiled into plugins' manifests and compared by the
/// host), the csproj &lt;Version&gt; (stamped into the assembly) and the NuGet package plugin authors reference.
/// </summary>
public sealed class SdkPackageSpecs
{
    private const string PackageId = "SmartCardFleet.Abstractions";

    [Fact]
    public void The_assembly_version_from_the_csproj_is_SdkInfo_Version()
    {
        var informational = typeof(SdkInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

        Assert.Equal(SdkInfo.Version, informational.Split('+')[0]);
        Assert.Equal(SdkInfo.Version, typeof(SdkInfo).Assembly.GetName().Version!.ToString(3));
    }

    [Fact]
    public void The_package_carries_SdkInfo_Version_docs_readme_license_and_the_compile_only_targets()
    {
        using var package = ZipFile.OpenRead(RepositoryPaths.RequirePackage($"{PackageId}.{SdkInfo.Version}.nupkg"));
        var nuspec = XDocument.Load(package.GetEntry($"{PackageId}.nuspec")!.Open());
        XNamespace ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;

        Assert.Equal(SdkInfo.Version, metadata.Element(ns + "version")!.Value);
        Assert.Equal("MIT", metadata.Element(ns + "license")!.Value);
        Assert.Equal("git", metadata.Element(ns + "repository")!.Attribute("type")!.Value);
        Assert.Matches("^[0-9a-f]{40}$", metadata.Element(ns + "repository")!.Attribute("commit")!.Value);
        Assert.False(string.IsNullOrWhiteSpace(metadata.Element(ns + "description")!.Value));
        var files = package.Entries.Select(e => e.FullName).ToHashSet();
        Assert.Contains("lib/net10.0/SmartCardFleet.Abstractions.dll", files);
        Assert.Contains("lib/net10.0/SmartCardFleet.Abstractions.xml", files);
        Assert.Contains("README.md", files);
        Assert.Contains($"buildTransitive/{PackageId}.targets", files);
    }
}
