using SmartCardFleet.Abstractions.Plugins;
using SmartCardFleet.Core.Plugins.Loading;

namespace SmartCardFleet.Core.Plugins.Sessions;

/// <summary>
/// Refuses a plugin whose sessions execute other operations than its manifest declares: operators and the API offer
/// the manifest's list, so a declared operation the session lacks would fail on every card, and a registered one the
/// manifest lacks could never be asked for. Checked wherever the host opens a session: in identification, and in an
/// operation that opens the next session after a reload or an abandoned session (<see cref="OperationRun"/>); the rule
/// itself is the SDK's <see cref="OperationCatalog.Mismatches"/>, which plugin tests run too.
/// </summary>
internal static class DeclaredOperationsCheck
{
    /// <summary>Disposes <paramref name="session"/> and throws when it disagrees with the manifest.</summary>
    /// <exception cref="PluginOperationsMismatchException">The reason names the operations on each side.</exception>
    public static Task RefuseOnMismatchAsync(LoadedPlugin plugin, ICardSession session) =>
        OperationCatalog.RefuseOnMismatchAsync(plugin.Manifest, session, reason => new PluginOperationsMismatchException(reason));
}

/// <summary>A plugin's manifest and session disagree on operations (<see cref="DeclaredOperationsCheck"/>).</summary>
internal sealed class PluginOperationsMismatchException(string message) : Exception(message);
