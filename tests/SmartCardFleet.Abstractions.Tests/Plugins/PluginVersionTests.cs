using System.Reflection;
using SmartCardFleet.Abstractions.Plugins;

namespace SmartCardFleet.Abstractions.Tests.Plugins;

public class PluginVersionTests
{
    [Fact]
    public void The_version_is_the_projects_version_without_the_commit_suffix()
    {
        // The SDK's own assembly is built with <Version>, and the .NET SDK appends "+<commit>" to its informational version.
        var informational = typeof(SdkInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.Contains("+", informational, StringComparison.Ordinal);

        Assert.Equal(SdkInfo.Version, PluginVersion.Of(typeof(SdkInfo)));
    }
}
