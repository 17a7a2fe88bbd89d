using System.Runtime.Loader;
using SmartCardFleet.Abstractions.Plugins;
using SmartCardFleet.Core.Plugins.Isolation;

namespace SmartCardFleet.Core.Plugins.Loading;

/// <summary>
/// One plugin instance in its own collectible load context. Disposing it unloads the context; do that only after
/// every session opened from <see cref="Instance"/> is disposed, or the context stays alive.
/// </summary>
public sealed class LoadedPlugin : IDisposable
{
    private readonly IDisposable? _loader;
    private bool _disposed;

    public LoadedPlugin(string folder, string assemblyPath, ICardPlugin instance, IDisposable? loader, AssemblyLoadContext? context)
        : this(folder, assemblyPath, instance, loader, context, null)
    {
    }

    /// <param name="threads">The threads the plugin's code runs on; by default its own, with
    /// <see cref="PluginHostSettings.DefaultMaxStuckThreadsPerPlugin"/> stuck threads allowed.</param>
    internal LoadedPlugin(string folder, string assemblyPath, ICardPlugin instance, IDisposable? loader, AssemblyLoadContext? context,
        PluginThreads? threads)
    {
        ArgumentNullException.ThrowIfNull(instance);
        Folder = folder;
        AssemblyPath = assemblyPath;
        Instance = instance;
        Manifest = instance.Manifest;
        _loader = loader;
        Context = context is null ? null : new WeakReference(context);
        Threads = threads ?? new PluginThreads(Manifest.Id, PluginHostSettings.DefaultMaxStuckThreadsPerPlugin);
    }

    /// <summary>The folder name under the plugin directory.</summary>
    public string Folder { get; }

    public string AssemblyPath { get; }

    public ICardPlugin Instance { get; }

    /// <summary>Read once at load time: the manifest must not change over the plugin's lifetime.</summary>
    public PluginManifest Manifest { get; }

    public string Id => Manifest.Id;

    /// <summary>Every call into <see cref="Instance"/> and its sessions starts here, never on the caller's thread
    /// (docs/plugin-isolation.md).</summary>
    internal PluginThreads Threads { get; }

    public string Version => Manifest.Version;

    /// <summary>The load context, weakly: tests use it to prove an unloaded plugin is really collected.</summary>
    internal WeakReference? Context { get; }

    public bool IsDisposed => _disposed;

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _loader?.Dispose();
    }

    public override string ToString() => $"{Id} {Version} ({Folder})";
}
