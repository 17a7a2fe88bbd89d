using System.Reflection;
using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Plugins;

namespace SmartCardFleet.Core.Plugins.Loading;

/// <summary>What a plugin assembly must satisfy before and after its code first runs, with operator-readable reasons.</summary>
internal static class PluginAssemblyChecks
{
    // The type and SDK-reference rules live in the SDK (PluginAssemblyRules) so the test kit's harness applies the same ones.
    public static Type? FindPluginType(Type[] exported) => PluginAssemblyRules.FindPluginType(exported);

    public static string DescribeMissingType(Type[] exported) => PluginAssemblyRules.DescribeMissingPluginType(exported);

    public static string? SdkReferenceProblem(Assembly assembly) => PluginAssemblyRules.SdkReferenceProblem(assembly);

    public static (PluginRejectionReason Reason, string Message)? ManifestProblem(PluginManifest? manifest) =>
        PluginAssemblyRules.ManifestProblem(manifest) is not { } message
            ? null
            : (manifest is not null && !SdkInfo.IsCompatible(manifest.SdkVersion) ? PluginRejectionReason.IncompatibleSdk : PluginRejectionReason.InvalidManifest,
                message);
}
