using System.Diagnostics.CodeAnalysis;
using SmartCardFleet.Abstractions;
using SmartCardFleet.Core.Fleet;
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
    private readonly Dictionary<string, string> _lastFailure = new(StringComparer.Ordinal);
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
        ForgetFailures(plugin.Id);
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
        _lastFailure.Clear();
        _quarantined.Clear();
        _identifications.Clear();
    }

    /// <summary>Enables a quarantined plugin again with a clean failure count. False when it was not quarantined.
    /// It is a candidate again as if it had just loaded: the identification memory is dropped, and to the card refresh
    /// (<see cref="LoadedSince"/>) it is new, so cards another plugin took during the quarantine are looked at again.</summary>
    public bool ClearQuarantine(string pluginId)
    {
        if (!_quarantined.Contains(pluginId))
        {
            return false;
        }

        ForgetFailures(pluginId);
        _identifications.Clear();
        if (_active.TryGetValue(pluginId, out var plugin))
        {
            _loadedAt[plugin] = ++Loads;
        }

        return true;
    }

    /// <summary>Counts a plugin fault; returns the consecutive count when this failure quarantines the plugin.
    /// <paramref name="message"/> (the failure's) becomes the quarantine's reason in <see cref="Status"/>.</summary>
    public int? RecordFailure(string pluginId, int threshold, string? message = null)
    {
        var count = _failures[pluginId] = _failures.GetValueOrDefault(pluginId) + 1;
        _lastFailure[pluginId] = message ?? "";
        if (count < threshold || !_quarantined.Add(pluginId))
        {
            return null;
        }

        _identifications.Clear();
        return count;
    }

    public void RecordSuccess(string pluginId)
    {
        _failures.Remove(pluginId);
        _lastFailure.Remove(pluginId);
    }

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

    /// <summary>The plugin id <paramref name="name"/> names for <see cref="ReloadOnePlugin"/>: an active plugin's folder,
    /// else a rejected folder of that name (it has no id yet); null when neither exists.</summary>
    public string? FolderOf(string name) =>
        _active.TryGetValue(name, out var plugin) ? plugin.Folder : _rejected.ContainsKey(name) ? name : null;

    /// <summary>The loaded plugins (with <paramref name="holders"/>: reader and plugin id of every identified card) and
    /// the rejected folders, as <see cref="GetPluginStatus"/> answers.</summary>
    public PluginCatalogStatus Status(IEnumerable<(ReaderId Reader, string PluginId)> holders)
    {
        var cards = holders.ToLookup(h => h.PluginId, h => h.Reader, StringComparer.Ordinal);
        return new PluginCatalogStatus(
            [.. _active.Values.OrderBy(p => p.Id, StringComparer.Ordinal).Select(p => Info(p, cards[p.Id]))],
            [.. _rejected.Values.OrderBy(r => r.Folder, StringComparer.Ordinal)]);
    }

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

    private PluginInfo Info(LoadedPlugin plugin, IEnumerable<ReaderId> cards)
    {
        var quarantined = IsQuarantined(plugin.Id);
        var failures = _failures.GetValueOrDefault(plugin.Id);
        return new PluginInfo(plugin.Id, plugin.Manifest.Name, plugin.Version, plugin.Manifest.CardType, plugin.Folder,
            plugin.Manifest.Priority, quarantined, [.. plugin.Manifest.Operations.Select(o => o.Name)])
        {
            SdkVersion = plugin.Manifest.SdkVersion,
            Failures = failures,
            Reason = quarantined ? $"quarantined after {failures} failures in a row; the last: {_lastFailure.GetValueOrDefault(plugin.Id, "")}" : null,
            Cards = [.. cards.OrderBy(r => r.Value, StringComparer.Ordinal)],
            OperationDetails = [.. plugin.Manifest.Operations.Select(OperationInfo.From)],
        };
    }

    private void ForgetFailures(string pluginId)
    {
        _failures.Remove(pluginId);
        _lastFailure.Remove(pluginId);
        _quarantined.Remove(pluginId);
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
