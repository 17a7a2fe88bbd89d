using System.Diagnostics.CodeAnalysis;
using SmartCardFleet.Abstractions;
using SmartCardFleet.Core.Plugins.Loading;

namespace SmartCardFleet.Core.Plugins;

/// <summary>
/// The plugin host's bookkeeping, used only from the host actor: the active plugin per id, rejected folders,
/// consecutive-failure counts and quarantine, the per-ATR identification cache, and which loaded versions still
/// have open sessions (a replaced version is unloaded once its last session closes).
/// </summary>
internal sealed class PluginRegistry
{
    private readonly Dictionary<string, LoadedPlugin> _active = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PluginRejection> _rejected = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly HashSet<string> _quarantined = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _identifications = new(StringComparer.Ordinal);
    private readonly Dictionary<LoadedPlugin, int> _openSessions = [];
    private readonly HashSet<LoadedPlugin> _retired = [];
    private readonly Dictionary<LoadedPlugin, long> _loadedAt = [];

    public IReadOnlyCollection<LoadedPlugin> Active => _active.Values;

    public IEnumerable<LoadedPlugin> Available => _active.Values.Where(p => !_quarantined.Contains(p.Id));

    public IReadOnlyCollection<PluginRejection> Rejected => _rejected.Values;

    public bool IsQuarantined(string pluginId) => _quarantined.Contains(pluginId);

    public LoadedPlugin? Find(string pluginId) => _active.GetValueOrDefault(pluginId);

    /// <summary>How many times a plugin was activated so far; a mark to ask <see cref="LoadedSince"/> about later.</summary>
    public long Loads { get; private set; }

    /// <summary>Whether <paramref name="plugin"/> is active and was activated after <paramref name="mark"/> (a value of
    /// <see cref="Loads"/>).</summary>
    public bool LoadedSince(LoadedPlugin plugin, long mark) => _loadedAt.TryGetValue(plugin, out var load) && load > mark;

    public bool IsCurrent(LoadedPlugin plugin) => _active.TryGetValue(plugin.Id, out var current) && ReferenceEquals(current, plugin);

    /// <summary>Makes <paramref name="plugin"/> the active version of its id; returns the version it replaces.
    /// Quarantine and failure counts of the id are cleared, and the identification cache is dropped.</summary>
    public LoadedPlugin? Activate(LoadedPlugin plugin)
    {
        _rejected.Remove(plugin.Folder);
        _active.TryGetValue(plugin.Id, out var old);
        // A folder that now carries another id gives up the id it carried before.
        var sameFolder = _active.Values.FirstOrDefault(p => p.Folder == plugin.Folder && p.Id != plugin.Id);
        if (sameFolder is not null)
        {
            _active.Remove(sameFolder.Id);
            Retire(sameFolder);
        }

        _active[plugin.Id] = plugin;
        _loadedAt[plugin] = ++Loads;
        _failures.Remove(plugin.Id);
        _quarantined.Remove(plugin.Id);
        _identifications.Clear();
        if (old is not null)
        {
            Retire(old);
        }

        return old;
    }

    /// <summary>Records a rejected folder. A folder whose reload failed keeps its working version active.</summary>
    public void Reject(PluginRejection rejection) => _rejected[rejection.Folder] = rejection;

    /// <summary>The plugin id another folder already provides, or null.</summary>
    public LoadedPlugin? HolderOfIdElsewhere(string pluginId, string folder) =>
        _active.TryGetValue(pluginId, out var holder) && holder.Folder != folder ? holder : null;

    public void Remove(string folder)
    {
        _rejected.Remove(folder);
        foreach (var plugin in _active.Values.Where(p => p.Folder == folder).ToList())
        {
            _active.Remove(plugin.Id);
            _identifications.Clear();
            Retire(plugin);
        }
    }

    public void ResetQuarantine()
    {
        _failures.Clear();
        _quarantined.Clear();
        _identifications.Clear();
    }

    /// <summary>Counts a plugin fault; returns the consecutive count when this failure quarantines the plugin.</summary>
    public int? RecordFailure(string pluginId, int threshold)
    {
        var count = _failures[pluginId] = _failures.GetValueOrDefault(pluginId) + 1;
        if (count < threshold || !_quarantined.Add(pluginId))
        {
            return null;
        }

        _identifications.Clear();
        return count;
    }

    public void RecordSuccess(string pluginId) => _failures.Remove(pluginId);

    /// <summary>The plugin an ATR-only decision (an operator override) gave this ATR since plugins last changed.</summary>
    public bool TryGetIdentification(byte[] atr, [NotNullWhen(true)] out string? pluginId) => _identifications.TryGetValue(Hex.Format(atr), out pluginId);

    /// <summary>Remembers a plugin that took a card on its ATR alone. There is no negative entry: a card nobody took is
    /// always ranked and probed again, since the next card with the same ATR may carry another application.</summary>
    public void CacheIdentification(byte[] atr, string pluginId) => _identifications[Hex.Format(atr)] = pluginId;

    public void SessionOpened(LoadedPlugin plugin) => _openSessions[plugin] = _openSessions.GetValueOrDefault(plugin) + 1;

    public void SessionClosed(LoadedPlugin plugin)
    {
        var left = _openSessions.GetValueOrDefault(plugin) - 1;
        if (left > 0)
        {
            _openSessions[plugin] = left;
            return;
        }

        _openSessions.Remove(plugin);
        if (_retired.Remove(plugin))
        {
            plugin.Dispose();
        }
    }

    /// <summary>The loaded plugins and the rejected folders, as <see cref="GetPluginStatus"/> answers.</summary>
    public PluginCatalogStatus Status() => new(
        [.. _active.Values.OrderBy(p => p.Id, StringComparer.Ordinal).Select(p => new PluginInfo(
            p.Id, p.Manifest.Name, p.Version, p.Manifest.CardType, p.Folder, p.Manifest.Priority, IsQuarantined(p.Id),
            [.. p.Manifest.Operations.Select(o => o.Name)]))],
        [.. _rejected.Values.OrderBy(r => r.Folder, StringComparer.Ordinal)]);

    /// <summary>Disposes every plugin (host stop).</summary>
    public void DisposeAll()
    {
        foreach (var plugin in _active.Values.Concat(_retired))
        {
            plugin.Dispose();
        }

        _active.Clear();
        _loadedAt.Clear();
        _retired.Clear();
        _openSessions.Clear();
    }

    private void Retire(LoadedPlugin plugin)
    {
        _loadedAt.Remove(plugin);
        if (_openSessions.ContainsKey(plugin))
        {
            _retired.Add(plugin);
        }
        else
        {
            plugin.Dispose();
        }
    }
}
