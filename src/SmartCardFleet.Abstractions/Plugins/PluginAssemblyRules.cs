using System.Reflection;

namespace SmartCardFleet.Abstractions.Plugins;

/// <summary>
/// What the host requires of a plugin assembly, in one place so the host's loader and the test kit's harness apply
/// the same rules: exactly one public, non-abstract <see cref="ICardPlugin"/> with a public parameterless constructor,
/// built against an SDK no newer (in its minor version) than the one that loads it.
/// </summary>
/// <remarks>Since SDK 1.2.</remarks>
public static class PluginAssemblyRules
{
    private static readonly AssemblyName ThisSdk = typeof(ICardPlugin).Assembly.GetName();

    /// <summary>The plugin type among an assembly's exported types, or null when there is none or more than one.</summary>
    /// <param name="exportedTypes">The assembly's exported types.</param>
    /// <returns>The one type the host instantiates, or null (then <see cref="DescribeMissingPluginType"/> says why).</returns>
    public static Type? FindPluginType(IReadOnlyCollection<Type> exportedTypes)
    {
        ArgumentNullException.ThrowIfNull(exportedTypes);
        var candidates = exportedTypes
            .Where(t => IsConcretePlugin(t) && t.GetConstructor(Type.EmptyTypes) is { IsPublic: true })
            .ToList();
        return candidates.Count == 1 ? candidates[0] : null;
    }

    /// <summary>Why <see cref="FindPluginType"/> found no plugin type, in words an author can act on.</summary>
    /// <param name="exportedTypes">The assembly's exported types.</param>
    /// <returns>The reason.</returns>
    public static string DescribeMissingPluginType(IReadOnlyCollection<Type> exportedTypes)
    {
        ArgumentNullException.ThrowIfNull(exportedTypes);
        var implementing = exportedTypes.Where(IsConcretePlugin).ToList();
        if (implementing.Count > 1)
        {
            return $"more than one public plugin type ({string.Join(", ", implementing.Select(t => t.FullName))}); ship one plugin per folder";
        }

        if (implementing.Count == 1)
        {
            return $"{implementing[0].FullName} implements ICardPlugin but has no public parameterless constructor";
        }

        // Same name, different identity: the plugin brought its own copy of the SDK instead of sharing the loader's.
        var split = exportedTypes.FirstOrDefault(t => t.GetInterfaces().Any(IsForeignPluginInterface));
        return split is not null
            ? $"{split.FullName} implements a different copy of ICardPlugin (from {split.GetInterfaces().First(IsForeignPluginInterface).Assembly.Location}); the plugin folder must not ship SmartCardFleet.Abstractions.dll, the loader provides it"
            : "no public, non-abstract type implements SmartCardFleet.Abstractions.Plugins.ICardPlugin";
    }

    /// <summary>
    /// Checks the plugin's compile-time reference to the SDK assembly against this SDK before any plugin code runs:
    /// the major versions must agree and the plugin's minor version must not be newer.
    /// </summary>
    /// <param name="pluginAssembly">The loaded plugin assembly.</param>
    /// <returns>The problem, or null when the reference is compatible (or absent).</returns>
    public static string? SdkReferenceProblem(Assembly pluginAssembly)
    {
        ArgumentNullException.ThrowIfNull(pluginAssembly);
        var reference = pluginAssembly.GetReferencedAssemblies().FirstOrDefault(r => r.Name == ThisSdk.Name);
        if (reference?.Version is not { } built || ThisSdk.Version is not { } loaded)
        {
            return null;
        }

        return built.Major != loaded.Major || built.Minor > loaded.Minor
            ? $"built against {ThisSdk.Name} {built}, this host provides {loaded} (same major version and no newer minor version required)"
            : null;
    }

    /// <summary>
    /// Checks a plugin's manifest as the host does after creating the plugin: present, built for a compatible SDK
    /// (<see cref="SdkInfo.IsCompatible"/>) and valid (<see cref="PluginManifest.Validate"/>).
    /// </summary>
    /// <param name="manifest">The plugin's manifest (null when the plugin returned none).</param>
    /// <returns>The problem, or null when the host would accept the manifest.</returns>
    public static string? ManifestProblem(PluginManifest? manifest)
    {
        if (manifest is null)
        {
            return "the plugin's Manifest is null";
        }

        if (!SdkInfo.IsCompatible(manifest.SdkVersion))
        {
            return $"plugin \"{manifest.Id}\" declares SdkVersion \"{manifest.SdkVersion}\"; this host runs SDK {SdkInfo.Version} (same major version and no newer minor version required)";
        }

        var problems = manifest.Validate();
        return problems.Count == 0 ? null : $"manifest of \"{manifest.Id}\" is invalid: {string.Join(" ", problems)}";
    }

    /// <summary>
    /// Creates the plugin type's instance with its public parameterless constructor and reads its manifest, as the
    /// host does. A constructor or a Manifest getter that throws is not rethrown but described, so both loaders word
    /// the refusal the same way.
    /// </summary>
    /// <param name="pluginType">The type <see cref="FindPluginType"/> found.</param>
    /// <returns>The plugin and its manifest; or the problem and the exception that caused it.</returns>
    public static PluginCreation CreatePlugin(Type pluginType)
    {
        ArgumentNullException.ThrowIfNull(pluginType);
        try
        {
            var plugin = (ICardPlugin)Activator.CreateInstance(pluginType)!;
            return new PluginCreation(plugin, plugin.Manifest, null, null);
        }
        catch (Exception ex)
        {
            var cause = ex is TargetInvocationException { InnerException: { } inner } ? inner : ex;
            return new PluginCreation(null, null, $"{pluginType.FullName} could not be created: {cause.GetType().Name}: {cause.Message}", cause);
        }
    }

    private static bool IsConcretePlugin(Type type) =>
        type is { IsClass: true, IsAbstract: false } && typeof(ICardPlugin).IsAssignableFrom(type);

    private static bool IsForeignPluginInterface(Type type) =>
        type.FullName == typeof(ICardPlugin).FullName && type != typeof(ICardPlugin);
}
