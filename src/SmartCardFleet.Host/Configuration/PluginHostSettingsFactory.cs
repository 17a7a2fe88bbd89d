using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Core.Plugins;

namespace SmartCardFleet.Host.Configuration;

/// <summary>Maps Station:Plugins (directory, overrides, the isolation deadlines) and Station:OperationTimeout onto Core's <see cref="PluginHostSettings"/>.</summary>
public static class PluginHostSettingsFactory
{
    /// <param name="configDirectory">Folder of the configuration file: a relative plugin directory is taken from there.</param>
    /// <param name="apduObserver">Told about every APDU plugins send (metrics and the APDU log).</param>
    public static PluginHostSettings Create(StationOptions options, string? configDirectory, IPluginApduObserver? apduObserver = null)
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
            MatchTimeout = options.Plugins.MatchTimeout,
            ProbeTimeout = options.Plugins.ProbeTimeout,
            LoadTimeout = options.Plugins.LoadTimeout,
            MaxStuckThreadsPerPlugin = options.Plugins.MaxStuckThreadsPerPlugin,
            ApduObserver = apduObserver,
            AtrOverrides = [.. options.Plugins.AtrOverrides.Select(o => new AtrOverride(
                AtrPattern.Parse(o.Atr, string.IsNullOrWhiteSpace(o.Mask) ? null : o.Mask), o.Plugin))],
        }.Validate();
    }
}
