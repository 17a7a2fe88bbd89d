using System.Reflection;

namespace SmartCardFleet.Plugins.Shared;

/// <summary>The plugin's version as set by &lt;Version&gt; in its project, so the manifest and the DLL never disagree.</summary>
internal static class PluginVersion
{
    public static string Of(Type pluginType)
    {
        ArgumentNullException.ThrowIfNull(pluginType);
        var informational = pluginType.Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        // Source control metadata ("1.2.0+abc123") is not part of the version operators compare.
        return informational?.Split('+')[0] ?? pluginType.Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
    }
}
