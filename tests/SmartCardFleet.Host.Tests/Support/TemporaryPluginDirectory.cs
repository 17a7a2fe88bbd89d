namespace SmartCardFleet.Host.Tests.Support;

/// <summary>A throw-away plugin directory holding copies of built fixture plugins (artifacts/test-plugins/&lt;Name&gt;),
/// as an operator would install them; deleted on dispose.</summary>
internal sealed class TemporaryPluginDirectory : IDisposable
{
    public TemporaryPluginDirectory(params string[] fixtures)
    {
        Path = Directory.CreateTempSubdirectory("fleet-plugins-").FullName;
        foreach (var fixture in fixtures)
        {
            var target = Directory.CreateDirectory(System.IO.Path.Combine(Path, fixture)).FullName;
            foreach (var file in Directory.GetFiles(RepositoryPaths.RequireBuilt(RepositoryPaths.TestPlugin(fixture))))
            {
                File.Copy(file, System.IO.Path.Combine(target, System.IO.Path.GetFileName(file)));
            }
        }
    }

    public string Path { get; }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
