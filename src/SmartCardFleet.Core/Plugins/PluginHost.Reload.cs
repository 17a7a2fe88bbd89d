using Akka.Actor;
using Microsoft.Extensions.Logging;
using SmartCardFleet.Core.Plugins.Loading;
using SmartCardFleet.Core.Plugins.Sessions;
using SmartCardFleet.Core.Messaging;

namespace SmartCardFleet.Core.Plugins;

// Loading and hot reload. A changed folder is loaded into a new context; the new version becomes active at once for
// operations that start from now on, cards switch to it after the operation they are running, and the old version's
// context is unloaded when its last session closes.
public sealed partial class PluginHost
{
    /// <summary>The watcher saw files change under a plugin folder (null: events were lost, re-read everything).</summary>
    private sealed record PluginFolderChanged(string? Folder) : ILocalOnlyMessage;

    /// <summary>The folder has been quiet for the debounce time.</summary>
    private sealed record ReloadFolderDue(string Folder) : ILocalOnlyMessage;

    private void ReceiveReload()
    {
        Receive<ReloadPlugins>(_ =>
        {
            ReloadEverything();
            Sender.Tell(Status());
        });
        Receive<PluginFolderChanged>(changed =>
        {
            if (changed.Folder is null)
            {
                ReloadEverything();
                return;
            }

            // Copies arrive file by file: wait until the folder is quiet before loading it.
            Timers.StartSingleTimer($"reload:{changed.Folder}", new ReloadFolderDue(changed.Folder), _settings.ReloadDebounce);
        });
        Receive<ReloadFolderDue>(due => ReloadFolder(due.Folder));
    }

    private void LoadEverything()
    {
        var result = _catalog.LoadAll();
        foreach (var rejection in result.Rejected)
        {
            RecordRejection(rejection);
        }

        foreach (var plugin in result.Loaded)
        {
            _registry.Activate(plugin);
        }
    }

    private void StartWatching()
    {
        if (!_settings.WatchPluginDirectory || !Directory.Exists(_catalog.PluginDirectory))
        {
            return;
        }

        var self = Self;
        _watcher = new PluginDirectoryWatcher(_catalog.PluginDirectory, folder => self.Tell(new PluginFolderChanged(folder)));
    }

    private void ReloadEverything()
    {
        var result = _catalog.LoadAll();
        var loadedFolders = result.Loaded.Select(p => p.Folder).ToHashSet(StringComparer.Ordinal);
        var rejectedFolders = result.Rejected.Select(r => r.Folder).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _registry.Active.Where(p => !loadedFolders.Contains(p.Folder) && !rejectedFolders.Contains(p.Folder)).ToList())
        {
            _registry.Remove(gone.Folder);
        }

        foreach (var rejection in result.Rejected)
        {
            RecordRejection(rejection);
        }

        foreach (var plugin in result.Loaded)
        {
            Activate(plugin);
        }

        _registry.ResetQuarantine();
        RefreshCards();
    }

    private void ReloadFolder(string folder)
    {
        if (!Directory.Exists(Path.Combine(_catalog.PluginDirectory, folder)))
        {
            LogFolderRemoved(folder);
            _registry.Remove(folder);
            RefreshCards();
            return;
        }

        var result = _catalog.LoadFolder(folder);
        if (result.Plugin is not { } plugin)
        {
            // The working version (if any) stays active: a half-copied or broken build must not take a card type away.
            RecordRejection(result.Rejection!);
            return;
        }

        if (_registry.HolderOfIdElsewhere(plugin.Id, folder) is { } holder)
        {
            plugin.Dispose();
            RecordRejection(PluginRejection.DuplicateId(folder, holder));
            return;
        }

        Activate(plugin);
        RefreshCards();
    }

    private void Activate(LoadedPlugin plugin)
    {
        var old = _registry.Activate(plugin);
        if (old is null)
        {
            return;
        }

        LogReloaded(plugin.Id, old.Version, plugin.Version, plugin.Folder);
        Publish(new PluginReloaded(null, plugin.Id, old.Version, plugin.Version, DateTimeOffset.UtcNow));
    }

    /// <summary>Cards move to the current version of their plugin (or lose it); cards nobody took are identified again,
    /// since a new plugin may accept them.</summary>
    private void RefreshCards()
    {
        foreach (var entry in _cards.Values)
        {
            if (entry.Identifying)
            {
                continue;
            }

            if (entry.Plugin is null)
            {
                Identify(entry);
                continue;
            }

            var current = _registry.Find(entry.Plugin.Id);
            if (ReferenceEquals(current, entry.Plugin))
            {
                continue;
            }

            entry.Plugin = current;
            entry.Actor.Tell(new UsePlugin(current));
            if (current is null)
            {
                Identify(entry);
            }
        }
    }

    private void RecordRejection(PluginRejection rejection)
    {
        _registry.Reject(rejection);
        Publish(new PluginRejected(null, rejection.Folder, rejection.Reason.ToString(), rejection.Message, DateTimeOffset.UtcNow));
    }

    [LoggerMessage(EventId = 4501, Level = LogLevel.Information, Message = "Plugin {PluginId} reloaded: {OldVersion} -> {NewVersion} (folder {Folder})")]
    private partial void LogReloaded(string pluginId, string oldVersion, string newVersion, string folder);

    [LoggerMessage(EventId = 4502, Level = LogLevel.Information, Message = "Plugin folder {Folder} removed; its plugin is unloaded once idle")]
    private partial void LogFolderRemoved(string folder);
}
