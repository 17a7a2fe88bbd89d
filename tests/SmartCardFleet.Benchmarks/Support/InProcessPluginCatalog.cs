using SmartCardFleet.Core.Plugins.Loading;

namespace SmartCardFleet.Benchmarks.Support;

/// <summary>Serves <see cref="BenchLoopPlugin"/> from this assembly instead of a plugin folder: the figures measure
/// the channel and identification paths, not assembly loading.</summary>
internal sealed class InProcessPluginCatalog : IPluginCatalog
{
    private const string Folder = "BenchLoop";

    public string PluginDirectory { get; } = Path.Combine(Path.GetTempPath(), "smartcardfleet-bench-no-plugins");

    public PluginLoadResult LoadAll() => new([Load()], []);

    public PluginFolderLoad LoadFolder(string folderName) => PluginFolderLoad.Loaded(Load());

    private static LoadedPlugin Load() =>
        new(Folder, typeof(BenchLoopPlugin).Assembly.Location, new BenchLoopPlugin(), loader: null, context: null);
}
