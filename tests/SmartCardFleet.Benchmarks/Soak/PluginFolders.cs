namespace SmartCardFleet.Benchmarks.Soak;

/// <summary>
/// A private copy of the shipped plugins (artifacts/plugins) for the soak's station, so that a reload — the files of
/// one plugin folder copied again over themselves, as an operator installs a build — never touches the build output.
/// The station watches the folder and reloads the plugin once it is quiet (PluginHostSettings.ReloadDebounce).
/// </summary>
internal sealed class PluginFolders : IDisposable
{
    private readonly string _source;

    private PluginFolders(string source, string directory, IReadOnlyList<string> names)
    {
        _source = source;
        Directory = directory;
        Names = names;
    }

    public string Directory { get; }

    /// <summary>The plugin folders (Iso7816, Ndef, OpenPgp, Uid).</summary>
    public IReadOnlyList<string> Names { get; }

    public static PluginFolders Copy(string shipped)
    {
        var target = System.IO.Directory.CreateTempSubdirectory("smartcardfleet-soak-plugins-").FullName;
        var names = new List<string>();
        foreach (var folder in System.IO.Directory.GetDirectories(shipped).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            CopyFolder(folder, Path.Combine(target, name));
            names.Add(name);
        }

        return names.Count > 0 ? new PluginFolders(shipped, target, names)
            : throw new InvalidOperationException($"no plugin folders in {shipped}: build the solution first");
    }

    /// <summary>Copies the plugin's built files over the installed ones: the station sees a changed folder.</summary>
    public void Reinstall(string name) => CopyFolder(Path.Combine(_source, name), Path.Combine(Directory, name));

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private static void CopyFolder(string from, string to)
    {
        System.IO.Directory.CreateDirectory(to);
        foreach (var file in System.IO.Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }
    }
}
