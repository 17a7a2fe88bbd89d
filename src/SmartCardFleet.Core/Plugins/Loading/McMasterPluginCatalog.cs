using System.Reflection;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.Logging;
using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Plugins;
using SmartCardFleet.Core.Plugins.Isolation;

namespace SmartCardFleet.Core.Plugins.Loading;

/// <summary>
/// <see cref="IPluginCatalog"/> on McMaster.NETCore.Plugins 2.0.0. Each plugin gets its own collectible load
/// context that shares only the SDK (the closure of <see cref="ICardPlugin"/>'s assembly) with the host, and is read
/// into memory so a newer build can be copied over the files while the old one still runs.
/// </summary>
/// <remarks>
/// Collectible contexts are safe here because plugins are behaviour only: they define no actors and no messages,
/// so Akka never caches their types (docs/plugin-loading.md §3). PluginCatalogSpecs proves an unloaded plugin is
/// collected.
/// </remarks>
internal sealed partial class McMasterPluginCatalog : IPluginCatalog
{
    private readonly ILogger _log;
    private readonly TimeSpan _loadTimeout;
    private readonly int _maxStuckThreads;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, PluginThreads> _loaders = new(StringComparer.Ordinal);

    public McMasterPluginCatalog(string pluginDirectory, ILogger<McMasterPluginCatalog> log)
        : this(pluginDirectory, log, new PluginHostSettings().LoadTimeout, PluginHostSettings.DefaultMaxStuckThreadsPerPlugin)
    {
    }

    /// <param name="loadTimeout">Longest one folder's load (its static and plugin constructors included) may take.</param>
    /// <param name="maxStuckThreads">The bound on stuck threads each loaded plugin gets (<see cref="PluginThreads"/>).</param>
    /// <param name="time">The clock of the load deadline (tests pass a manual one).</param>
    public McMasterPluginCatalog(string pluginDirectory, ILogger<McMasterPluginCatalog> log, TimeSpan loadTimeout, int maxStuckThreads,
        TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pluginDirectory);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(loadTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxStuckThreads, 1);
        PluginDirectory = Path.GetFullPath(pluginDirectory);
        _log = log;
        _loadTimeout = loadTimeout;
        _maxStuckThreads = maxStuckThreads;
        _time = time ?? TimeProvider.System;
    }

    public string PluginDirectory { get; }

    public PluginLoadResult LoadAll()
    {
        if (!Directory.Exists(PluginDirectory))
        {
            LogDirectoryMissing(PluginDirectory);
            return new PluginLoadResult([], []);
        }

        var loaded = new List<LoadedPlugin>();
        var rejected = new List<PluginRejection>();
        var folders = Directory.EnumerateDirectories(PluginDirectory)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => !name.StartsWith('.'))
            .Order(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            var result = LoadFolder(folder);
            if (result.Plugin is not { } plugin)
            {
                rejected.Add(result.Rejection!);
                continue;
            }

            var holder = loaded.FirstOrDefault(p => p.Id == plugin.Id);
            if (holder is null)
            {
                loaded.Add(plugin);
                continue;
            }

            plugin.Dispose();
            rejected.Add(Logged(PluginRejection.DuplicateId(folder, holder)));
        }

        return new PluginLoadResult(loaded, rejected);
    }

    /// <summary>Loads one folder on a thread of its own (the folder's loader) and waits for it under the load timeout,
    /// blocking the caller: call it off any actor and off the ThreadPool (the plugin host does, on a dedicated thread).
    /// A folder whose static or plugin constructor never returns is rejected and its loader thread abandoned; while
    /// that thread is stuck the folder is refused at once, so reloading it does not take one more thread each time.</summary>
    public PluginFolderLoad LoadFolder(string folderName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folderName);
        var loading = Loader(folderName).Start("loading", () => Task.FromResult(LoadFolderGuarded(folderName)));
        using var deadline = new CancellationTokenSource(_loadTimeout, _time);
        try
        {
            return loading.WaitAsync(deadline.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            // If it ever returns, nobody holds what it loaded: unload it.
            _ = loading.Completion.ContinueWith(late => late.Result.Plugin?.Dispose(), CancellationToken.None,
                TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            return PluginFolderLoad.Rejected(Reject(folderName, PluginRejectionReason.ConstructorFailed,
                $"constructor did not return within {_loadTimeout} (loading the folder, static and plugin constructors included); " +
                $"its loading thread \"{loading.ThreadName}\" is abandoned"));
        }
        catch (PluginThreadsExhaustedException)
        {
            return PluginFolderLoad.Rejected(Reject(folderName, PluginRejectionReason.ConstructorFailed,
                $"an earlier load of the folder is still stuck in its constructor (thread \"{string.Join(", ", Loader(folderName).AbandonedThreads)}\"); " +
                "restart the station to load it again"));
        }
    }

    /// <summary>One loader per folder, with one stuck thread at most.</summary>
    private PluginThreads Loader(string folderName)
    {
        lock (_loaders)
        {
            if (!_loaders.TryGetValue(folderName, out var loader))
            {
                _loaders[folderName] = loader = new PluginThreads("loader " + folderName, abandonedLimit: 1, _log);
            }

            return loader;
        }
    }

    private PluginFolderLoad LoadFolderGuarded(string folderName)
    {
        try
        {
            return LoadFolderCore(folderName);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Anything else a folder can throw at us (unreadable files, a malformed deps.json, a folder deleted while
            // being read) is still that folder's problem, never the host's.
            return PluginFolderLoad.Rejected(Reject(folderName, PluginRejectionReason.BadAssembly,
                $"the folder could not be read ({ex.GetType().Name}: {ex.Message})"));
        }
    }

    private PluginFolderLoad LoadFolderCore(string folderName)
    {
        var folderPath = Path.Combine(PluginDirectory, folderName);
        var assemblyPath = Path.Combine(folderPath, folderName + ".dll");
        if (!File.Exists(assemblyPath))
        {
            var found = Directory.Exists(folderPath)
                ? string.Join(", ", Directory.EnumerateFiles(folderPath, "*.dll").Select(Path.GetFileName).Order(StringComparer.Ordinal))
                : "";
            return PluginFolderLoad.Rejected(Reject(folderName, PluginRejectionReason.MissingAssembly,
                $"expected {folderName}.dll in the folder (the DLL must be named like its folder); found {(found.Length == 0 ? "no DLL" : found)}"));
        }

        try
        {
            // Reads only the metadata: a corrupt or native file is refused before a load context exists.
            AssemblyName.GetAssemblyName(assemblyPath);
        }
        catch (Exception ex) when (ex is BadImageFormatException or FileLoadException)
        {
            return PluginFolderLoad.Rejected(Reject(folderName, PluginRejectionReason.BadAssembly,
                $"{folderName}.dll is not a .NET assembly ({ex.GetType().Name}: {ex.Message})"));
        }

        var loader = PluginLoader.CreateFromAssemblyFile(assemblyPath, isUnloadable: true, sharedTypes: [typeof(ICardPlugin)],
            config => config.LoadInMemory = true);
        var outcome = Instantiate(folderName, assemblyPath, loader);
        if (outcome.Plugin is null)
        {
            loader.Dispose();
        }
        else
        {
            LogLoaded(outcome.Plugin.Id, outcome.Plugin.Version, folderName, outcome.Plugin.Manifest.CardType);
        }

        return outcome;
    }

    private PluginFolderLoad Instantiate(string folder, string assemblyPath, PluginLoader loader)
    {
        Assembly assembly;
        Type[] exported;
        try
        {
            assembly = loader.LoadDefaultAssembly();
            exported = assembly.GetExportedTypes();
        }
        catch (Exception ex) when (ex is BadImageFormatException or FileLoadException or FileNotFoundException
                                       or TypeLoadException or ReflectionTypeLoadException)
        {
            return PluginFolderLoad.Rejected(Reject(folder, PluginRejectionReason.BadAssembly,
                $"loading {folder}.dll failed ({ex.GetType().Name}: {ex.Message})"));
        }

        if (PluginAssemblyChecks.SdkReferenceProblem(assembly) is { } sdkProblem)
        {
            return PluginFolderLoad.Rejected(Reject(folder, PluginRejectionReason.IncompatibleSdk, sdkProblem));
        }

        if (PluginAssemblyChecks.FindPluginType(exported) is not { } type)
        {
            return PluginFolderLoad.Rejected(Reject(folder, PluginRejectionReason.NoPluginType, PluginAssemblyChecks.DescribeMissingType(exported)));
        }

        var created = PluginAssemblyRules.CreatePlugin(type);
        if (created is not { Plugin: { } instance, Manifest: var manifest })
        {
            return PluginFolderLoad.Rejected(Reject(folder, PluginRejectionReason.ConstructorFailed, created.Problem!));
        }

        if (PluginAssemblyChecks.ManifestProblem(manifest) is { } problem)
        {
            return PluginFolderLoad.Rejected(Reject(folder, problem.Reason, problem.Message));
        }

        return PluginFolderLoad.Loaded(new LoadedPlugin(folder, assemblyPath, instance, loader, loader.LoadContext,
            new PluginThreads(manifest!.Id, _maxStuckThreads, _log)));
    }

    private PluginRejection Reject(string folder, PluginRejectionReason reason, string message) =>
        Logged(new PluginRejection(folder, reason, message));

    private PluginRejection Logged(PluginRejection rejection)
    {
        LogRejected(rejection.Folder, rejection.Reason, rejection.Message);
        return rejection;
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Plugin {PluginId} {Version} loaded from folder {Folder} (card type {CardType})")]
    private partial void LogLoaded(string pluginId, string version, string folder, string cardType);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Plugin folder {Folder} rejected ({Reason}): {Detail}")]
    private partial void LogRejected(string folder, PluginRejectionReason reason, string detail);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Plugin directory {Directory} does not exist; no plugins loaded")]
    private partial void LogDirectoryMissing(string directory);
}
