using System.Text.Json.Nodes;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Plugins.Loading;
using SmartCardFleet.Core.Messaging;

namespace SmartCardFleet.Core.Plugins;

/// <summary>Run a plugin operation on the card in a reader. Answered with <see cref="OperationCompleted"/> or
/// <see cref="OperationFailed"/>. <paramref name="Arguments"/> may carry secrets (a "pin"); the host never logs them.</summary>
public sealed record RunOperation(ReaderId ReaderId, string Operation, JsonObject? Arguments = null) : IFleetWireMessage;

/// <summary>Success reply to <see cref="RunOperation"/>: the plugin's JSON result (null when it returns nothing).</summary>
public sealed record OperationCompleted(ReaderId ReaderId, string PluginId, string PluginVersion, JsonNode? Result) : IFleetWireMessage;

/// <summary>Why an operation failed. Stable names: they travel to HTTP clients.</summary>
public enum OperationFailureReason
{
    /// <summary>No reader with that id on this station.</summary>
    UnknownReader,
    /// <summary>The reader has no attached card.</summary>
    NoCard,
    /// <summary>A card is attached but no plugin accepted it.</summary>
    NotIdentified,
    /// <summary>The card's plugin has no such operation.</summary>
    UnknownOperation,
    /// <summary>An argument is missing or has a bad value.</summary>
    InvalidArgument,
    /// <summary>The card answered an error status word.</summary>
    CardError,
    /// <summary>The plugin or card does not support what was asked.</summary>
    NotSupported,
    /// <summary>The plugin threw an unexpected exception; the message is the plugin's.</summary>
    PluginFailed,
    /// <summary>The operation did not finish within the operation timeout; the card was reset.</summary>
    Timeout,
    /// <summary>The plugin is disabled after repeated failures; reload it to enable it again.</summary>
    Quarantined,
    /// <summary>The reader refused or failed a request (busy, card gone, PC/SC error); the message has the reader's reason.</summary>
    ReaderFailed,
    /// <summary>The PC/SC service is down or the reader is being re-created; the station is recovering, retry shortly.</summary>
    ReaderUnavailable,
}

/// <summary>Failure reply to <see cref="RunOperation"/>.</summary>
public sealed record OperationFailed(ReaderId ReaderId, OperationFailureReason Reason, string Message, string? PluginId = null)
    : IFleetWireMessage
{
    public override string ToString() => $"{Reason} on {ReaderId}: {Message}";
}

/// <summary>Reload every plugin folder now (as if all had changed). Clears quarantine and the identification cache.
/// Answered with <see cref="PluginCatalogStatus"/>.</summary>
public sealed record ReloadPlugins : IPluginHostRequest<PluginCatalogStatus>, IFleetWireMessage
{
    public static readonly ReloadPlugins Instance = new();
}

/// <summary>Ask for <see cref="PluginCatalogStatus"/>.</summary>
public sealed record GetPluginStatus : IPluginHostRequest<PluginCatalogStatus>, IFleetWireMessage
{
    public static readonly GetPluginStatus Instance = new();
}

/// <summary>One active plugin as the API shows it.</summary>
public sealed record PluginInfo(string Id, string Name, string Version, string CardType, string Folder, int Priority,
    bool Quarantined, IReadOnlyList<string> Operations);

/// <summary>The loaded plugins and the rejected folders with their reasons.</summary>
public sealed record PluginCatalogStatus(IReadOnlyList<PluginInfo> Plugins, IReadOnlyList<PluginRejection> Rejected) : IFleetWireMessage;

/// <summary>Which plugin holds the card in a reader; answered with <see cref="CardIdentification"/>.</summary>
public sealed record GetCardIdentification(ReaderId ReaderId) : IPluginHostRequest<CardIdentification>, IFleetWireMessage;

/// <summary>Reply to <see cref="GetCardIdentification"/>: <paramref name="PluginId"/> is null while identifying or
/// when no plugin took the card; <paramref name="Attached"/> is false when the host knows no card in the reader.</summary>
public sealed record CardIdentification(ReaderId ReaderId, bool Attached, string? PluginId, string? PluginVersion, string? CardType) : IFleetWireMessage;
