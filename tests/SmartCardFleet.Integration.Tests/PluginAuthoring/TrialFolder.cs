namespace SmartCardFleet.Integration.Tests.PluginAuthoring;

/// <summary>A throw-away folder outside the repository: Work is the newcomer's empty folder, Control holds the
/// trial's script and sync files, Path/home the CLI home the template is installed into.</summary>
internal sealed class TrialFolder : IDisposable
{
    public TrialFolder()
    {
        Path = Directory.CreateTempSubdirectory("scf-plugin-trial-").FullName;
        Assert.False(Path.StartsWith(RepositoryPaths.Root, StringComparison.Ordinal), $"{Path} is inside the repository");
        Work = Directory.CreateDirectory(System.IO.Path.Combine(Path, "work")).FullName;
        Control = Directory.CreateDirectory(System.IO.Path.Combine(Path, "control")).FullName;
    }

    public string Path { get; }

    public string Work { get; }

    public string Control { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file for a moment; a temp folder left behind is harmless.
        }
    }
}
