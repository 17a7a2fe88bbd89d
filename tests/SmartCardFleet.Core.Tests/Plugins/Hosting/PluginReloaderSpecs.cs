using Microsoft.Extensions.Logging.Abstractions;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Plugins.Hosting;
using SmartCardFleet.Core.Plugins.Loading;
using SmartCardFleet.Core.Tests.Plugins.Support;

namespace SmartCardFleet.Core.Tests.Plugins.Hosting;

/// <summary>The reload plan over a scripted catalog: what is activated, kept, removed and published.</summary>
public sealed class PluginReloaderSpecs : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("reloader-");
    private readonly ScriptedCatalog _catalog;
    private readonly PluginRegistry _registry = new();
    private readonly PluginReloader _reloader;

    public PluginReloaderSpecs()
    {
        _catalog = new ScriptedCatalog(_directory.FullName);
        _reloader = new PluginReloader(_catalog, _registry, NullLogger.Instance);
    }

    [Fact]
    public void A_changed_folder_replaces_its_plugin_publishes_the_reload_refreshes_the_cards_and_unloads_the_idle_old_version()
    {
        var old = Start("org.test.a");
        var replacement = CardWorkFakes.Plugin("org.test.a");
        _catalog.Folders["org.test.a"] = PluginFolderLoad.Loaded(replacement);

        var result = _reloader.ReloadFolder("org.test.a");

        Assert.True(result.RefreshCards);
        Assert.Equal("org.test.a", Assert.IsType<PluginReloaded>(Assert.Single(result.Events)).PluginId);
        Assert.Same(replacement, _registry.Find("org.test.a"));
        Assert.True(old.IsDisposed);
    }

    [Fact]
    public void A_broken_build_is_rejected_and_the_working_version_stays_active()
    {
        var working = Start("org.test.a");
        _catalog.Folders["org.test.a"] = PluginFolderLoad.Rejected(new PluginRejection("org.test.a", PluginRejectionReason.BadAssembly, "half-copied"));

        var result = _reloader.ReloadFolder("org.test.a");

        Assert.False(result.RefreshCards);
        Assert.Equal("BadAssembly", Assert.IsType<PluginRejected>(Assert.Single(result.Events)).Reason);
        Assert.Same(working, _registry.Find("org.test.a"));
    }

    [Fact]
    public void A_folder_that_now_claims_another_folders_id_is_rejected_and_its_load_disposed()
    {
        Start("org.test.a");
        Directory.CreateDirectory(Path.Combine(_directory.FullName, "Copy"));
        var copy = new LoadedPlugin("Copy", "Copy.dll", CardWorkFakes.Plugin("org.test.a").Instance, null, null);
        _catalog.Folders["Copy"] = PluginFolderLoad.Loaded(copy);

        var result = _reloader.ReloadFolder("Copy");

        Assert.Equal(nameof(PluginRejectionReason.DuplicateId), Assert.IsType<PluginRejected>(Assert.Single(result.Events)).Reason);
        Assert.True(copy.IsDisposed);
        Assert.Equal("org.test.a", _registry.Find("org.test.a")!.Folder);
    }

    [Fact]
    public void A_removed_folder_takes_its_plugin_away()
    {
        Start("org.test.a");
        Directory.Delete(Path.Combine(_directory.FullName, "org.test.a"));

        Assert.True(_reloader.ReloadFolder("org.test.a").RefreshCards);
        Assert.Null(_registry.Find("org.test.a"));
    }

    [Fact]
    public void Reloading_everything_drops_plugins_whose_folder_is_gone_and_lifts_quarantine()
    {
        Start("org.test.a", "org.test.b");
        _registry.RecordFailure("org.test.b", 1);
        var b = CardWorkFakes.Plugin("org.test.b");
        _catalog.All = new PluginLoadResult([b], []);

        var result = _reloader.ReloadEverything();

        Assert.True(result.RefreshCards);
        Assert.Null(_registry.Find("org.test.a"));
        Assert.Same(b, _registry.Find("org.test.b"));
        Assert.False(_registry.IsQuarantined("org.test.b"));
    }

    public void Dispose() => _directory.Delete(recursive: true);

    private LoadedPlugin Start(params string[] ids)
    {
        var plugins = ids.Select(id => CardWorkFakes.Plugin(id)).ToList();
        foreach (var id in ids)
        {
            Directory.CreateDirectory(Path.Combine(_directory.FullName, id));
        }

        _catalog.All = new PluginLoadResult(plugins, []);
        Assert.Empty(_reloader.LoadEverything().Events);
        return plugins[0];
    }

    private sealed class ScriptedCatalog(string directory) : IPluginCatalog
    {
        public PluginLoadResult All { get; set; } = new([], []);

        public Dictionary<string, PluginFolderLoad> Folders { get; } = [];

        public string PluginDirectory => directory;

        public PluginLoadResult LoadAll() => All;

        public PluginFolderLoad LoadFolder(string folderName) => Folders[folderName];
    }
}
