namespace SmartCardFleet.Integration.Tests.Plugins.Support;

/// <summary>A throw-away plugin directory filled from the built plugin folders under artifacts/, the way an operator
/// installs plugins: one folder per plugin, copied file by file.</summary>
internal sealed class PluginFolder : IDisposable
{
    public PluginFolder() => Path = Directory.CreateTempSubdirectory("scf-realfleet-plugins-").FullName;

    public string Path { get; }

    /// <summary>artifacts/ beside SmartCardFleet.sln; the plugins are built into it before these tests run.</summary>
    public static string Artifacts => RepositoryPaths.Artifacts;

    public static string Shipped(string name) => RepositoryPaths.RequireBuilt(System.IO.Path.Combine(Artifacts, "plugins", name));

    /// <summary>A fixture plugin of tests/Fixtures/TestPlugins (the blocking ones), built into artifacts/test-plugins.</summary>
    public static string Fixture(string name) => RepositoryPaths.RequireBuilt(System.IO.Path.Combine(Artifacts, "test-plugins", name));

    /// <summary>The shipped Ndef plugin rebuilt with a higher version (tests/…/Fixtures/NdefNext).</summary>
    public static string NextNdef => RepositoryPaths.RequireBuilt(System.IO.Path.Combine(Artifacts, "test-plugins", "next", "Ndef"));

    public PluginFolder Install(string builtFolder, string? asName = null)
    {
        var target = System.IO.Path.Combine(Path, asName ?? System.IO.Path.GetFileName(builtFolder));
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(builtFolder))
        {
            File.Copy(file, System.IO.Path.Combine(target, System.IO.Path.GetFileName(file)), overwrite: true);
        }

        return this;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // The directory watcher may hold it for a moment; a temp folder left behind is harmless.
        }
    }
}
