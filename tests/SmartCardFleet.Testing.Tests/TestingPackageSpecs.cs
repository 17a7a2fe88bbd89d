using System.IO.Compression;
using System.Reflection;
using System.Xml.Linq;
using SmartCardFleet.Abstractions;

namespace SmartCardFleet.Testing.Tests;

/// <summary>The test kit ships as SmartCardFleet.Testing with the SDK's version, its docs and README, and depends on
/// nothing but the SDK and the plugin loader the station uses.</summary>
public sealed class TestingPackageSpecs
{
    private const string PackageId = "SmartCardFleet.Testing";

    [Fact]
    public void The_kit_has_the_SDKs_version()
    {
        var informational = typeof(PluginHarness).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

        Assert.Equal(SdkInfo.Version, informational.Split('+')[0]);
    }

    [Fact]
    public void The_package_carries_the_version_docs_readme_and_only_the_SDK_and_McMaster_as_dependencies()
    {
        using var package = ZipFile.OpenRead(RepositoryPaths.RequirePackage($"{PackageId}.{SdkInfo.Version}.nupkg"));
        var nuspec = XDocument.Load(package.GetEntry($"{PackageId}.nuspec")!.Open());
        XNamespace ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;
        var dependencies = metadata.Descendants(ns + "dependency")
            .Select(d => (Id: d.Attribute("id")!.Value, Version: d.Attribute("version")!.Value))
            .OrderBy(d => d.Id, StringComparer.Ordinal);

        Assert.Equal(SdkInfo.Version, metadata.Element(ns + "version")!.Value);
        Assert.Equal([("McMaster.NETCore.Plugins", "2.0.0"), ("SmartCardFleet.Abstractions", SdkInfo.Version)], dependencies);
        var files = package.Entries.Select(e => e.FullName).ToHashSet();
        Assert.Contains("lib/net10.0/SmartCardFleet.Testing.dll", files);
        Assert.Contains("lib/net10.0/SmartCardFleet.Testing.xml", files);
        Assert.Contains("README.md", files);
    }
}
