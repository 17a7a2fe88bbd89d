namespace SmartCardFleet.Enrollment.Tests.Support;

/// <summary>A plugin directory holding a copy of the built NDEF plugin (artifacts/plugins/Ndef), as an operator installs it.</summary>
internal sealed class NdefPluginFolder : IDisposable
{
    public NdefPluginFolder()
    {
        var target = Directory.CreateDirectory(System.IO.Path.Combine(Path, "Ndef")).FullName;
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.ShippedPlugin("Ndef")))
        {
            File.Copy(file, System.IO.Path.Combine(target, System.IO.Path.GetFileName(file)));
        }
    }

    public string Path { get; } = Directory.CreateTempSubdirectory("scf-job-plugins-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
