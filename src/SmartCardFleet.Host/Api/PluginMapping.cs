using SmartCardFleet.Core.Plugins;

namespace SmartCardFleet.Host.Api;

/// <summary>The plugin host's catalog as GET /api/plugins shows it: the loaded plugins by id, then the folders that
/// failed to load by name.</summary>
internal static class PluginMapping
{
    public static IReadOnlyList<PluginDto> ToDtos(this PluginCatalogStatus status) =>
    [
        .. status.Plugins.Select(ToDto),
        .. status.Rejected.Select(r => ToDto(r, status.Plugins.FirstOrDefault(p => p.Folder == r.Folder))),
    ];

    private static PluginDto ToDto(PluginInfo p) => new(p.Id, p.Name, p.Version, p.SdkVersion, p.State.ToString(), p.Reason,
        p.Failures, [.. p.Cards.Select(c => c.Value)], p.CardType, p.Folder,
        [.. p.OperationDetails.Select(o => new OperationDto(o.Name, o.Description, Fields(o.Arguments), Fields(o.Result)))]);

    /// <summary>A folder whose new build failed while its earlier build still runs shows both: the loaded plugin, and
    /// this entry saying so.</summary>
    private static PluginDto ToDto(Core.Plugins.Loading.PluginRejection r, PluginInfo? stillRunning) => new(r.Folder, r.Folder, null, null,
        nameof(PluginState.FailedToLoad),
        $"{r.Reason}: {r.Message}" + (stillRunning is null ? "" : $" (the loaded {stillRunning.Id} {stillRunning.Version} from this folder keeps running)"),
        0, [], null, r.Folder, []);

    private static List<OperationFieldDto> Fields(IReadOnlyList<OperationFieldInfo> fields) =>
        [.. fields.Select(f => new OperationFieldDto(f.Name, f.Type.ToString(), f.Description, f.Required))];
}
