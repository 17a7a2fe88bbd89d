using SmartCardFleet.Abstractions.Text;
using System.Text.Json.Nodes;
using SmartCardFleet.Abstractions.Plugins;

namespace SmartCardFleet.Core.Plugins.Sessions;

/// <summary>
/// Refuses arguments an operation does not declare, before the plugin runs or the card is touched: a misspelt optional
/// argument ("lenght") would otherwise be ignored silently and the operation would run with its default. Checked in
/// the plugin host, so every caller of RunOperation (HTTP API, CLI, embedding code) gets the same answer. Names are
/// compared as the plugins read them (ordinal, case-sensitive). An operation the manifest does not list is left to the
/// plugin, whose UnknownOperation answer names the operations it has.
/// </summary>
internal static class OperationArgumentCheck
{
    /// <summary>How many unknown keys one answer names; the rest are counted.</summary>
    private const int NamedKeys = 3;

    public static string? Problem(PluginManifest manifest, string operation, JsonObject? arguments)
    {
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
