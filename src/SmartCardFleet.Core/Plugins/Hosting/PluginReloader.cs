using Microsoft.Extensions.Logging;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Plugins.Loading;

namespace SmartCardFleet.Core.Plugins.Hosting;

/// <summary>
/// Loading and hot reload over the catalog and the <see cref="PluginRegistry"/>, without an actor. A changed folder is
/// loaded into a new context; the new version becomes active at once for operations that start from now on, cards switch
/// to it after the operation they are running (the host's <see cref="CardPluginBook.Refreshed"/>), and the old version's
/// context is unloaded when its last session closes. Reading the folders runs plugin code and may block, so it happens
/// off the host actor (<see cref="ReadAsync"/>); the actor applies what was read (<see cref="Apply"/>), which returns
/// the events to publish and whether the cards must be refreshed.
/// </summary>
internal sealed class PluginReloader(IPluginCatalog catalog, PluginRegistry registry, ILogger log)
{
    private static readonly Action<ILogger, string, string, string, string, Exception?> LogReloaded = LoggerMessage.Define<string, string, string, string>(
        LogLevel.Information, new EventId(4501), "Plugin {PluginId} reloaded: {OldVersion} -> {NewVersion} (folder {Folder})");

    private static readonly Action<ILogger, string, Exception?> LogFolderRemoved = LoggerMessage.Define<string>(
        LogLevel.Information, new EventId(4502), "Plugin folder {Folder} removed; its plugin is unloaded once idle");

    public sealed record Result(IReadOnlyList<IFleetEvent> Events, bool RefreshCards);

    /// <summary>Watches the plugin directory (when it exists); <paramref name="changed"/> gets the folder that changed,
    /// or null when events were lost.</summary>
    public PluginDirectoryWatcher? Watch(Action<string?> changed) =>
        Directory.Exists(catalog.PluginDirectory) ? new PluginDirectoryWatcher(catalog.PluginDirectory, changed) : null;

    /// <summary>Reads <paramref name="request"/> from disk on a dedicated thread, off the host actor: loading runs plugin
    /// code (static and plugin constructors), and the catalog waits up to the load timeout per folder. The result goes
    /// back to the actor, which hands it to <see cref="Apply"/>.</summary>
    public Task<PluginsRead> ReadAsync(PluginLoadRequest request) =>
        Task.Factory.StartNew(() => Read(request), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>What <paramref name="request"/> finds on disk; touches no registry, so it may run on any thread.</summary>
    public PluginsRead Read(PluginLoadRequest request)
    {
        if (request.Folder is not { } folder)
        {
            return new PluginsRead(request, catalog.LoadAll(), null);
        }

        return Directory.Exists(Path.Combine(catalog.PluginDirectory, folder))
            ? new PluginsRead(request, null, catalog.LoadFolder(folder))
            : new PluginsRead(request, null, null);
    }

    /// <summary>On the host actor: what was read becomes the registry's state; returns the events to publish.</summary>
    public Result Apply(PluginsRead read) => read switch
    {
        { All: { } all } => read.Request.First ? ApplyFirst(all) : ApplyEverything(all),
        { Request.Folder: { } folder, One: { } one } => ApplyFolder(folder, one),
        { Request.Folder: { } gone } => ApplyRemoved(gone),
        _ => new Result([], RefreshCards: false),
    };

    /// <summary>The first load, at start (read and applied at once: for specs).</summary>
    public Result LoadEverything() => Apply(Read(PluginLoadRequest.Start));

    /// <summary>Every folder again (read and applied at once: for specs).</summary>
    public Result ReloadEverything() => Apply(Read(PluginLoadRequest.Everything));

    /// <summary>One folder whose files changed or that was removed (read and applied at once: for specs).</summary>
    public Result ReloadFolder(string folder) => Apply(Read(PluginLoadRequest.OneFolder(folder)));

    private Result ApplyFirst(PluginLoadResult result)
    {
        var events = new List<IFleetEvent>();
        foreach (var rejection in result.Rejected)
        {
            events.Add(Reject(rejection));
        }

        foreach (var plugin in result.Loaded)
        {
            registry.Activate(plugin);
        }

        return new Result(events, RefreshCards: false);
    }

    /// <summary>Every folder again (as if all had changed): folders gone are removed, quarantine and the identification
    /// cache are cleared.</summary>
    private Result ApplyEverything(PluginLoadResult result)
    {
        var events = new List<IFleetEvent>();
        var loadedFolders = result.Loaded.Select(p => p.Folder).ToHashSet(StringComparer.Ordinal);
        var rejectedFolders = result.Rejected.Select(r => r.Folder).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in registry.Active.Where(p => !loadedFolders.Contains(p.Folder) && !rejectedFolders.Contains(p.Folder)).ToList())
        {
            registry.Remove(gone.Folder);
        }

        foreach (var rejection in result.Rejected)
        {
            events.Add(Reject(rejection));
        }

        foreach (var plugin in result.Loaded)
        {
            Activate(plugin, events);
        }

        registry.ResetQuarantine();
        return new Result(events, RefreshCards: true);
    }

    private Result ApplyRemoved(string folder)
    {
        LogFolderRemoved(log, folder, null);
        registry.Remove(folder);
        return new Result([], RefreshCards: true);
    }

    private Result ApplyFolder(string folder, PluginFolderLoad result)
    {
        if (result.Plugin is not { } plugin)
        {
            // The working version (if any) stays active: a half-copied or broken build must not take a card type away.
            return new Result([Reject(result.Rejection!)], RefreshCards: false);
        }

        if (registry.HolderOfIdElsewhere(plugin.Id, folder) is { } holder)
        {
            plugin.Dispose();
            return new Result([Reject(PluginRejection.DuplicateId(folder, holder))], RefreshCards: false);
        }

        var events = new List<IFleetEvent>();
        Activate(plugin, events);
        return new Result(events, RefreshCards: true);
    }

    private void Activate(LoadedPlugin plugin, List<IFleetEvent> events)
    {
        if (registry.Activate(plugin) is not { } old)
        {
            return;
        }

        LogReloaded(log, plugin.Id, old.Version, plugin.Version, plugin.Folder, null);
        events.Add(new PluginReloaded(null, plugin.Id, old.Version, plugin.Version, DateTimeOffset.UtcNow));
    }

    private PluginRejected Reject(PluginRejection rejection)
    {
        registry.Reject(rejection);
        return new PluginRejected(null, rejection.Folder, rejection.Reason.ToString(), rejection.Message, DateTimeOffset.UtcNow);
    }
}
