namespace SmartCardFleet.Core.Plugins;

/// <summary>
/// Watches the plugin directory and reports the name of each top-level plugin folder whose files change (or
/// <c>null</c> when the watcher lost events and everything should be re-read). Runs on FileSystemWatcher threads,
/// so it only reports; the host debounces and reloads on its own thread.
/// </summary>
internal sealed class PluginDirectoryWatcher : IDisposable
{
    private readonly FileSystemWatcher _watcher;
    private readonly string _root;
    private readonly Action<string?> _changed;

    public PluginDirectoryWatcher(string directory, Action<string?> changed)
    {
        _root = Path.GetFullPath(directory);
        _changed = changed;
        _watcher = new FileSystemWatcher(_root)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        _watcher.Changed += OnEvent;
        _watcher.Created += OnEvent;
        _watcher.Deleted += OnEvent;
        _watcher.Renamed += OnRenamed;
        _watcher.Error += (_, _) => _changed(null);
        _watcher.EnableRaisingEvents = true;
    }

    public void Dispose() => _watcher.Dispose();

    private void OnEvent(object sender, FileSystemEventArgs e) => Report(e.FullPath);

    private void OnRenamed(object sender, RenamedEventArgs e)
    {
        Report(e.OldFullPath);
        Report(e.FullPath);
    }

    private void Report(string path)
    {
        var relative = Path.GetRelativePath(_root, path);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            return;
        }

        var folder = relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)[0];
        if (folder.Length > 0 && folder != "." && !folder.StartsWith('.'))
        {
            _changed(folder);
        }
    }
}
