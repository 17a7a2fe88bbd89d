using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Core.Plugins;

namespace SmartCardFleet.Host.Configuration;

/// <summary>Maps Station:Plugins and Station:OperationTimeout onto Core's <see cref="PluginHostSettings"/>.</summary>
public static class PluginHostSettingsFactory
{
    /// <param name="configDirectory">Folder of the configuration file: a relative plugin directory is taken from there.</param>
    public static PluginHostSettings Create(StationOptions options, string? configDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        var directory = options.Plugins.Directory;
        if (!Path.IsPathRooted(directory))
        {
            directory = Path.GetFullPath(Path.Combine(configDirectory ?? AppContext.BaseDirectory, directory));
        }

        return new PluginHostSettings
        {
            PluginDirectory = directory,
            OperationTimeout = options.OperationTimeout,
            AtrOverrides = [.. options.Plugins.AtrOverrides.Select(o => new AtrOverride(
                AtrPattern.Parse(o.Atr, string.IsNullOrWhiteSpace(o.Mask) ? null : o.Mask), o.Plugin))],
        }.Validate();
    }
}
