namespace SmartCardFleet.Core.Tests.Plugins.Support;

/// <summary>
/// A throw-away plugin directory assembled from plugin folders built on disk: the shipped plugins in
/// artifacts/plugins/ and the fixtures in artifacts/test-plugins/ (both built before these tests by project
/// references). Specs install exactly the folders they need, like an operator would.
/// </summary>
public sealed class TestPluginDirectory : IDisposable
{
    public TestPluginDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "scf-plugins-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>artifacts/ at the repository root (the folder holding SmartCardFleet.sln).</summary>
    public static string Artifacts { get; } = FindArtifacts();

    public static string Shipped(string name) => Existing(System.IO.Path.Combine(Artifacts, "plugins", name));

    public static string Fixture(string name) => Existing(System.IO.Path.Combine(Artifacts, "test-plugins", name));

    /// <summary>Copies a built plugin folder in as <c>&lt;dir&gt;/&lt;name&gt;</c>, overwriting what is there.</summary>
    public TestPluginDirectory Install(string builtFolder, string? asName = null)
    {
        var target = System.IO.Path.Combine(Path, asName ?? System.IO.Path.GetFileName(builtFolder));
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(builtFolder))
        {
            File.Copy(file, System.IO.Path.Combine(target, System.IO.Path.GetFileName(file)), overwrite: true);
        }

        return this;
    }

    public TestPluginDirectory InstallShipped(params string[] names)
    {
        foreach (var name in names)
        {
            Install(Shipped(name));
        }

        return this;
    }

    public TestPluginDirectory InstallFixtures(params string[] names)
    {
        foreach (var name in names)
        {
            Install(Fixture(name));
        }

        return this;
    }

    /// <summary>A folder whose DLL is not an assembly (random bytes behind a PE-less header).</summary>
    public TestPluginDirectory WriteCorruptPlugin(string name)
    {
        var folder = Directory.CreateDirectory(System.IO.Path.Combine(Path, name)).FullName;
        var garbage = new byte[4096];
        new Random(42).NextBytes(garbage);
        File.WriteAllBytes(System.IO.Path.Combine(folder, name + ".dll"), garbage);
        return this;
    }

    /// <summary>A folder with a DLL named unlike the folder (the host requires &lt;name&gt;/&lt;name&gt;.dll).</summary>
    public TestPluginDirectory WriteMisnamedPlugin(string name)
    {
        var folder = Directory.CreateDirectory(System.IO.Path.Combine(Path, name)).FullName;
        File.Copy(System.IO.Path.Combine(Shipped("Uid"), "Uid.dll"), System.IO.Path.Combine(folder, "Other.dll"));
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
            // A watcher may still hold the directory for a moment; the temp folder is cleaned by the OS later.
        }
    }

    private static string Existing(string folder) => Directory.Exists(folder)
        ? folder
        : throw new DirectoryNotFoundException($"{folder} is missing: build the solution (./test.sh or dotnet build) so the plugins are built first.");

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
