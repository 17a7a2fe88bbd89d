namespace SmartCardFleet.Integration.Tests.Plugins.Support;

/// <summary>A throw-away plugin directory filled from the built plugin folders under artifacts/, the way an operator
/// installs plugins: one folder per plugin, copied file by file.</summary>
internal sealed class PluginFolder : IDisposable
{
    public PluginFolder() => Path = Directory.CreateTempSubdirectory("scf-realfleet-plugins-").FullName;

    public string Path { get; }

    /// <summary>artifacts/ beside SmartCardFleet.sln; the plugins are built into it before these tests run.</summary>
    public static string Artifacts { get; } = FindArtifacts();

    public static string Shipped(string name) => Existing(System.IO.Path.Combine(Artifacts, "plugins", name));

    /// <summary>The shipped Ndef plugin rebuilt with a higher version (tests/…/Fixtures/NdefNext).</summary>
    public static string NextNdef => Existing(System.IO.Path.Combine(Artifacts, "test-plugins", "next", "Ndef"));

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

    private static string Existing(string folder) => Directory.Exists(folder)
        ? folder
        : throw new DirectoryNotFoundException($"{folder} is missing: build tests/SmartCardFleet.Integration.Tests (it builds the plugins).");

    private static string FindArtifacts()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "SmartCardFleet.sln")))
            {
                return System.IO.Path.Combine(dir.FullName, "artifacts");
            }
        }

        throw new DirectoryNotFoundException("SmartCardFleet.sln not found above the test binaries.");
    }
}
