using System.Text.Json.Nodes;
using SmartCardFleet.Abstractions.Plugins;
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
    /// <summary>The reader belongs to another station of the fleet that is unreachable now, or became unreachable while the
    /// operation was in flight (it may or may not have run on the card).</summary>
    StationUnreachable,
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

/// <summary>Where a plugin stands. Stable names: they travel to HTTP clients.</summary>
public enum PluginState
{
    /// <summary>Active: cards are identified with it and its operations run.</summary>
    Loaded,
    /// <summary>Loaded but disabled after repeated failures until its quarantine is cleared or it is reloaded.</summary>
    Quarantined,
    /// <summary>Its folder could not be loaded (a <see cref="PluginRejection"/>); nothing of it runs.</summary>
    FailedToLoad,
}

/// <summary>One active plugin as the API shows it. The init properties came later (wire compatibility: optional
/// fields only): a peer of an older release sends none of them and the defaults say "unknown".</summary>
public sealed record PluginInfo(string Id, string Name, string Version, string CardType, string Folder, int Priority,
    bool Quarantined, IReadOnlyList<string> Operations)
{
    /// <summary>The SDK version the plugin's manifest declares (null: not sent by an older peer).</summary>
    public string? SdkVersion { get; init; }

    /// <summary>Operation failures in a row (faults, not typed refusals); reset by a success, a reload or a cleared quarantine.</summary>
    public int Failures { get; init; }

    /// <summary>Why it is quarantined (the count and the last failure's message); null while it is not.</summary>
    public string? Reason { get; init; }

    /// <summary>The readers whose cards this plugin holds now, in id order.</summary>
    public IReadOnlyList<ReaderId> Cards { get; init; } = [];

    /// <summary>Each operation with its arguments and result fields, in the order of <see cref="Operations"/>.</summary>
    public IReadOnlyList<OperationInfo> OperationDetails { get; init; } = [];

    /// <summary><see cref="PluginState.Loaded"/> or <see cref="PluginState.Quarantined"/>; a folder that failed to load is
    /// a <see cref="PluginRejection"/> in <see cref="PluginCatalogStatus.Rejected"/>, not a PluginInfo.</summary>
    public PluginState State => Quarantined ? PluginState.Quarantined : PluginState.Loaded;
}

/// <summary>An operation as a plugin's manifest declares it, copied into plain data the host owns.</summary>
public sealed record OperationInfo(string Name, string Description, IReadOnlyList<OperationFieldInfo> Arguments,
    IReadOnlyList<OperationFieldInfo> Result)
{
    public static OperationInfo From(OperationDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        return new OperationInfo(descriptor.Name, descriptor.Description, Fields(descriptor.Arguments), Fields(descriptor.Result))
        {
            VerifiedBy = descriptor.VerifiedBy,
        };
    }

    /// <summary>The plugin's operation that tells whether this one was applied to a card (SDK 1.3's
    /// <see cref="OperationDescriptor.VerifiedBy"/>), or null. Optional on the wire: an older peer sends none.</summary>
    public string? VerifiedBy { get; init; }

    /// <summary>The descriptor back from this plain data: what its redaction rules need (argument and result types).</summary>
    public OperationDescriptor ToDescriptor() => new(Name, Description)
    {
        Arguments = Declared(Arguments),
        Result = Declared(Result),
        VerifiedBy = VerifiedBy,
    };

    private static Dictionary<string, OperationField> Declared(IEnumerable<OperationFieldInfo> fields) =>
        fields.DistinctBy(f => f.Name).ToDictionary(f => f.Name, f => new OperationField(f.Type, f.Description, f.Required), StringComparer.Ordinal);

    private static List<OperationFieldInfo> Fields(IReadOnlyDictionary<string, OperationField> fields) =>
        [.. fields.Select(f => new OperationFieldInfo(f.Key, f.Value.Type, f.Value.Description, f.Value.Required))];
}

/// <summary>One argument or result field of an <see cref="OperationInfo"/>; a <see cref="FieldType.Secret"/> argument is
/// a PIN or key that no client may show or echo.</summary>
public sealed record OperationFieldInfo(string Name, FieldType Type, string Description, bool Required);

/// <summary>The loaded plugins and the rejected folders with their reasons.</summary>
public sealed record PluginCatalogStatus(IReadOnlyList<PluginInfo> Plugins, IReadOnlyList<PluginRejection> Rejected) : IFleetWireMessage;

/// <summary>Reload the one plugin <paramref name="PluginId"/> names: its folder is loaded again (as if its files had
/// changed), which clears its quarantine when the new load succeeds; a folder that fails keeps its working version.
/// <paramref name="PluginId"/> may also be the folder name of a folder that failed to load (it has no id yet). Answered
/// with <see cref="PluginCatalogStatus"/>, or <see cref="PluginCommandFailed"/> (<see cref="PluginCommandFailureReason.UnknownPlugin"/>).
/// Not <see cref="ReloadPlugins"/>, which loads every folder.</summary>
public sealed record ReloadOnePlugin(string PluginId) : IPluginCommand, IFleetWireMessage;

/// <summary>Enable a quarantined plugin again without reloading it: its failure count starts from zero and the cards it
/// holds run operations again. Answered with <see cref="PluginCatalogStatus"/>, or <see cref="PluginCommandFailed"/>:
/// <see cref="PluginCommandFailureReason.UnknownPlugin"/>, or <see cref="PluginCommandFailureReason.NotQuarantined"/>.</summary>
public sealed record ClearQuarantine(string PluginId) : IPluginCommand, IFleetWireMessage;

/// <summary>Why a <see cref="IPluginCommand"/> was not done. Stable names: they travel to HTTP clients.</summary>
public enum PluginCommandFailureReason
{
    /// <summary>No loaded plugin has that id and no folder that failed to load has that name.</summary>
    UnknownPlugin,
    /// <summary>The plugin is not quarantined, so there is no quarantine to clear.</summary>
    NotQuarantined,
    /// <summary>The plugin host did not answer in time; the command may still complete.</summary>
    Timeout,
    /// <summary>The plugin host has stopped (the station is shutting down).</summary>
    HostStopped,
}

/// <summary>Failure reply to an <see cref="IPluginCommand"/>.</summary>
public sealed record PluginCommandFailed(string PluginId, PluginCommandFailureReason Reason, string Message) : IFleetWireMessage
{
    public override string ToString() => $"{Reason} on plugin {PluginId}: {Message}";
}

/// <summary>Which plugin holds the card in a reader; answered with <see cref="CardIdentification"/>.</summary>
public sealed record GetCardIdentification(ReaderId ReaderId) : IPluginHostRequest<CardIdentification>, IFleetWireMessage;

/// <summary>Reply to <see cref="GetCardIdentification"/>: <paramref name="PluginId"/> is null while identifying or
/// when no plugin took the card; <paramref name="Attached"/> is false when the host knows no card in the reader.</summary>
public sealed record CardIdentification(ReaderId ReaderId, bool Attached, string? PluginId, string? PluginVersion, string? CardType) : IFleetWireMessage;
