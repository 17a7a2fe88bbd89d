using System.Text.Json.Nodes;
using SmartCardFleet.Abstractions.Text;

namespace SmartCardFleet.Abstractions.Plugins;

/// <summary>
/// Refuses arguments an operation does not declare, before the plugin runs or the card is touched: a misspelt optional
/// argument ("lenght") would otherwise be ignored silently and the operation would run with its default. The host checks
/// every RunOperation with it (HTTP API, CLI, embedding code get the same answer) and the test kit's harness does the
/// same, so a plugin's tests see what the station would answer. Names are compared as the plugins read them (ordinal,
/// case-sensitive). An operation the manifest does not list is left to the plugin, whose UnknownOperation answer names
/// the operations it has.
/// </summary>
/// <remarks>Since SDK 1.2 (before, the host's own check).</remarks>
public static class OperationArgumentCheck
{
    /// <summary>How many unknown keys one answer names; the rest are counted.</summary>
    private const int NamedKeys = 3;

    /// <summary>Why the arguments are refused, or null when every argument is declared.</summary>
    /// <param name="manifest">The plugin's manifest.</param>
    /// <param name="operation">The requested operation.</param>
    /// <param name="arguments">The request's arguments (null: none).</param>
    /// <returns>A message naming at most three undeclared keys (never their values), or null.</returns>
    public static string? Problem(PluginManifest manifest, string operation, JsonObject? arguments)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (arguments is null || arguments.Count == 0
            || manifest.Operations.FirstOrDefault(o => o.Name == operation) is not { } descriptor)
        {
            return null;
        }

        var unknown = arguments.Select(a => a.Key).Where(key => !descriptor.Arguments.ContainsKey(key)).ToList();
        if (unknown.Count == 0)
        {
            return null;
        }

        var named = string.Join(", ", unknown.Take(NamedKeys).Select(key => $"\"{Bounded.Echo(key)}\""));
        var more = unknown.Count > NamedKeys ? $" and {unknown.Count - NamedKeys} more" : "";
        var declared = descriptor.Arguments.Count == 0
            ? "it takes no arguments"
            : $"it takes {string.Join(", ", descriptor.Arguments.Keys.Order(StringComparer.Ordinal))}";
        return $"operation \"{descriptor.Name}\" of plugin {manifest.Id} has no argument {named}{more}; {declared}";
    }
}
