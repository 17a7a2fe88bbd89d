using SmartCardFleet.Core.Messaging;
using SmartCardFleet.Core.Plugins.Loading;

namespace SmartCardFleet.Core.Plugins.Hosting;

/// <summary>What to load: every folder (<paramref name="Folder"/> null; <paramref name="First"/> at start) or one.</summary>
internal sealed record PluginLoadRequest(string? Folder, bool First)
{
    public static readonly PluginLoadRequest Start = new(null, First: true);

    public static readonly PluginLoadRequest Everything = new(null, First: false);

    public static PluginLoadRequest OneFolder(string folder) => new(folder, First: false);
}

/// <summary>Loader → plugin host: what a <see cref="PluginLoadRequest"/> found on disk, read off the actor. Exactly one
/// of <paramref name="All"/> (every folder) and <paramref name="One"/> (one folder) is set, or neither when the folder
/// was removed.</summary>
internal sealed record PluginsRead(PluginLoadRequest Request, PluginLoadResult? All, PluginFolderLoad? One) : ILocalOnlyMessage;

/// <summary>Loader → plugin host: reading the folders failed as a whole (the catalog threw), so nothing changes.</summary>
internal sealed record PluginsReadFailed(PluginLoadRequest Request, string Reason) : ILocalOnlyMessage;
