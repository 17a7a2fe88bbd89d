using System.Reflection;

namespace SmartCardFleet.Abstractions.Plugins;

/// <summary>A plugin's version as its project sets it, for the manifest.</summary>
/// <remarks>
/// Write <c>Version = PluginVersion.Of(typeof(MyPlugin))</c> in the manifest so the version operators see (the
/// manifest's) and the DLL's version never disagree: both come from the project's <c>&lt;Version&gt;</c>.
/// </remarks>
public static class PluginVersion
{
    /// <summary>The informational version of the assembly holding <paramref name="pluginType"/>, without source-control metadata.</summary>
    /// <param name="pluginType">A type of the plugin assembly, normally the plugin class.</param>
    /// <returns>
    /// For example <c>1.2.0</c> (the <c>+abc123</c> commit suffix the .NET SDK appends is dropped: it is not part of the
    /// version operators compare); the assembly version's <c>major.minor.build</c> when there is no informational
    /// version; <c>0.0.0</c> when there is neither.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="pluginType"/> is null.</exception>
    public static string Of(Type pluginType)
    {
        ArgumentNullException.ThrowIfNull(pluginType);
        var informational = pluginType.Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return informational?.Split('+')[0] ?? pluginType.Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
    }
}
