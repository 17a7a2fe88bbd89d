namespace SmartCardFleet.Core.Plugins.Loading;

/// <summary>
/// Loads card plugins from disk: every <c>&lt;plugin dir&gt;/&lt;name&gt;/&lt;name&gt;.dll</c>. Our own seam in front of
/// McMaster.NETCore.Plugins (single maintainer, maintenance mode) so the loader can be replaced by a plain
/// AssemblyLoadContext without touching the host.
/// </summary>
/// <remarks>
/// Loading never throws for a bad plugin: each bad folder becomes one <see cref="PluginRejection"/> and one log
/// line. Every call loads fresh copies in new load contexts; the caller owns the returned plugins and disposes
/// them (which unloads their context) when nothing uses them any more.
/// </remarks>
public interface IPluginCatalog
{
    /// <summary>The directory holding one folder per plugin.</summary>
    string PluginDirectory { get; }

    /// <summary>Loads every plugin folder, in ordinal folder-name order; of two folders declaring the same plugin id
    /// the first keeps it and the second is rejected.</summary>
    PluginLoadResult LoadAll();

    /// <summary>Loads one folder (by name, not path). The caller checks the id against the plugins it already holds.</summary>
    PluginFolderLoad LoadFolder(string folderName);
}

/// <summary>The outcome of loading one folder: exactly one of <see cref="Plugin"/> and <see cref="Rejection"/> is set.</summary>
public sealed record PluginFolderLoad(LoadedPlugin? Plugin, PluginRejection? Rejection)
{
    public static PluginFolderLoad Loaded(LoadedPlugin plugin) => new(plugin, null);

    public static PluginFolderLoad Rejected(PluginRejection rejection) => new(null, rejection);
}

/// <summary>Why a plugin folder was not loaded.</summary>
public enum PluginRejectionReason
{
    /// <summary>The folder has no <c>&lt;name&gt;/&lt;name&gt;.dll</c>.</summary>
    MissingAssembly,
    /// <summary>The DLL is not a loadable .NET assembly (corrupt, native, wrong format).</summary>
    BadAssembly,
    /// <summary>No (or more than one) public concrete type implementing ICardPlugin with a public parameterless constructor.</summary>
    NoPluginType,
    /// <summary>The plugin's constructor (or its Manifest getter) threw, or loading the folder did not return within
    /// the load timeout (a static or plugin constructor that blocks).</summary>
    ConstructorFailed,
    /// <summary>Built for an SDK this host cannot run (major version differs, or a newer minor version).</summary>
    IncompatibleSdk,
    /// <summary>The manifest fails validation.</summary>
    InvalidManifest,
    /// <summary>Another folder already provides a plugin with this id.</summary>
    DuplicateId,
}

/// <summary>A folder that was not loaded, with a reason fit for an operator.</summary>
public sealed record PluginRejection(string Folder, PluginRejectionReason Reason, string Message)
{
    public override string ToString() => $"{Folder}: {Reason}: {Message}";

    /// <summary>Why <paramref name="folder"/> is refused: <paramref name="holder"/> already provides its plugin id.</summary>
    public static PluginRejection DuplicateId(string folder, LoadedPlugin holder) => new(folder, PluginRejectionReason.DuplicateId,
        $"plugin id \"{holder.Id}\" is already provided by folder \"{holder.Folder}\" (version {holder.Version}); ids must be unique");
}

/// <summary>Everything one full load produced.</summary>
public sealed record PluginLoadResult(IReadOnlyList<LoadedPlugin> Loaded, IReadOnlyList<PluginRejection> Rejected);
