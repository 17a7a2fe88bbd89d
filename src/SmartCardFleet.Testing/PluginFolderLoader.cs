using System.Reflection;
using McMaster.NETCore.Plugins;
using SmartCardFleet.Abstractions.Plugins;

namespace SmartCardFleet.Testing;

/// <summary>
/// Loads a built plugin folder as the station's catalog does: <c>&lt;folder&gt;/&lt;FolderName&gt;.dll</c> in its own
/// collectible McMaster load context that shares the SDK (the assembly of <see cref="ICardPlugin"/>) with the caller,
/// read into memory so a rebuild may overwrite the files; then the SDK's <see cref="PluginAssemblyRules"/>.
/// </summary>
internal static class PluginFolderLoader
{
    public static (PluginLoader Loader, ICardPlugin Plugin) Load(string pluginFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pluginFolder);
        var folder = Path.GetFullPath(pluginFolder.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        var name = Path.GetFileName(folder);
        if (!Directory.Exists(folder))
        {
            throw Refused(folder, "the folder does not exist; build the plugin first (dotnet build) and pass its output folder");
        }

        var assemblyPath = Path.Combine(folder, name + ".dll");
        if (!File.Exists(assemblyPath))
        {
            var found = string.Join(", ", Directory.EnumerateFiles(folder, "*.dll").Select(Path.GetFileName).Order(StringComparer.Ordinal));
            throw Refused(folder, $"expected {name}.dll in the folder (the DLL must be named like its folder); found {(found.Length == 0 ? "no DLL" : found)}");
        }

        try
        {
            // Reads only the metadata: a corrupt or native file is refused before a load context exists.
            AssemblyName.GetAssemblyName(assemblyPath);
        }
        catch (Exception ex) when (ex is BadImageFormatException or FileLoadException)
        {
            throw Refused(folder, $"{name}.dll is not a .NET assembly ({ex.GetType().Name}: {ex.Message})", ex);
        }

        var loader = PluginLoader.CreateFromAssemblyFile(assemblyPath, isUnloadable: true, sharedTypes: [typeof(ICardPlugin)],
            config => config.LoadInMemory = true);
        try
        {
            return (loader, Instantiate(folder, name, loader));
        }
        catch
        {
            loader.Dispose();
            throw;
        }
    }

    private static ICardPlugin Instantiate(string folder, string name, PluginLoader loader)
    {
        Assembly assembly;
        Type[] exported;
        try
        {
            assembly = loader.LoadDefaultAssembly();
            exported = assembly.GetExportedTypes();
        }
        catch (Exception ex) when (ex is BadImageFormatException or FileLoadException or FileNotFoundException
                                       or TypeLoadException or ReflectionTypeLoadException)
        {
            throw Refused(folder, $"loading {name}.dll failed ({ex.GetType().Name}: {ex.Message})", ex);
        }

        if (PluginAssemblyRules.SdkReferenceProblem(assembly) is { } sdkProblem)
        {
            throw Refused(folder, sdkProblem);
        }

        var type = PluginAssemblyRules.FindPluginType(exported)
                   ?? throw Refused(folder, PluginAssemblyRules.DescribeMissingPluginType(exported));
        var created = PluginAssemblyRules.CreatePlugin(type);
        if (created is not { Plugin: { } plugin })
        {
            throw Refused(folder, created.Problem!, created.Cause);
        }

        return PluginAssemblyRules.ManifestProblem(created.Manifest) is { } problem ? throw Refused(folder, problem) : plugin;
    }

    private static PluginLoadException Refused(string folder, string reason, Exception? cause = null)
    {
        var message = $"The station would refuse plugin folder {folder}: {reason}.";
        return cause is null ? new PluginLoadException(message) : new PluginLoadException(message, cause);
    }
}
