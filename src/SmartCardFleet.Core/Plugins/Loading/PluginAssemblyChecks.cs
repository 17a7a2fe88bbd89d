using System.Reflection;
using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Plugins;

namespace SmartCardFleet.Core.Plugins.Loading;

/// <summary>What a plugin assembly must satisfy before and after its code first runs, with operator-readable reasons.</summary>
internal static class PluginAssemblyChecks
{
    private static readonly AssemblyName HostSdk = typeof(ICardPlugin).Assembly.GetName();

    public static Type? FindPluginType(Type[] exported)
    {
        var candidates = exported
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICardPlugin).IsAssignableFrom(t)
                        && t.GetConstructor(Type.EmptyTypes) is { IsPublic: true })
            .ToList();
        return candidates.Count == 1 ? candidates[0] : null;
    }

    public static string DescribeMissingType(Type[] exported)
    {
        var implementing = exported.Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICardPlugin).IsAssignableFrom(t)).ToList();
        if (implementing.Count > 1)
        {
            return $"more than one public plugin type ({string.Join(", ", implementing.Select(t => t.FullName))}); ship one plugin per folder";
        }

        if (implementing.Count == 1)
        {
            return $"{implementing[0].FullName} implements ICardPlugin but has no public parameterless constructor";
        }

        // Same name, different identity: the plugin brought its own copy of the SDK instead of sharing the host's.
        var split = exported.FirstOrDefault(t => t.GetInterfaces().Any(i => i.FullName == typeof(ICardPlugin).FullName));
        return split is not null
            ? $"{split.FullName} implements a different copy of ICardPlugin (from {split.GetInterfaces().First(i => i.FullName == typeof(ICardPlugin).FullName).Assembly.Location}); reference the SDK with Private=false/ExcludeAssets=runtime so the host's copy is used"
            : "no public, non-abstract type implements SmartCardFleet.Abstractions.Plugins.ICardPlugin";
    }

    /// <summary>The compile-time reference to the SDK assembly tells which SDK a plugin was built against before any
    /// of its code runs (docs/plugin-loading.md §2: the host carries the highest shared version).</summary>
    public static string? SdkReferenceProblem(Assembly assembly)
    {
        var reference = assembly.GetReferencedAssemblies().FirstOrDefault(r => r.Name == HostSdk.Name);
        if (reference?.Version is not { } built || HostSdk.Version is not { } host)
        {
            return null;
        }

        return built.Major != host.Major || built.Minor > host.Minor
            ? $"built against {HostSdk.Name} {built}, this host provides {host} (same major version and no newer minor version required)"
            : null;
    }

    public static (PluginRejectionReason Reason, string Message)? ManifestProblem(PluginManifest? manifest)
    {
        if (manifest is null)
        {
            return (PluginRejectionReason.InvalidManifest, "the plugin's Manifest is null");
        }

        if (!SdkInfo.IsCompatible(manifest.SdkVersion))
        {
            return (PluginRejectionReason.IncompatibleSdk,
                $"plugin \"{manifest.Id}\" declares SdkVersion \"{manifest.SdkVersion}\"; this host runs SDK {SdkInfo.Version} (same major version and no newer minor version required)");
        }

        var problems = manifest.Validate();
        return problems.Count == 0
            ? null
            : (PluginRejectionReason.InvalidManifest, $"manifest of \"{manifest.Id}\" is invalid: {string.Join(" ", problems)}");
    }
}
