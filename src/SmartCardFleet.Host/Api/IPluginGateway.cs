using System.Text.Json.Nodes;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Messaging;
using SmartCardFleet.Core.Plugins;

namespace SmartCardFleet.Host.Api;

/// <summary>What the API needs from the plugin host: the load results, which plugin holds a reader's card, and running
/// one operation on a reader's card (the result object, or a failure with its HTTP status).</summary>
public interface IPluginGateway
{
    /// <summary>True once the plugin host has loaded the plugin directory (readiness).</summary>
    Task<bool> LoadedAsync(CancellationToken cancellationToken);

    /// <summary>Every plugin and rejected folder, or a Timeout failure when the plugin host does not answer.</summary>
    Task<ReaderReply<IReadOnlyList<PluginDto>>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Reloads every plugin folder (clears quarantine and the identification memory) and answers the list as
    /// <see cref="ListAsync"/> does afterwards.</summary>
    Task<ReaderReply<IReadOnlyList<PluginDto>>> ReloadAsync(CancellationToken cancellationToken);

    /// <summary>Reloads the folder of one plugin (by id, or by folder name for a folder that failed to load); the list
    /// afterwards, or an UnknownPlugin failure.</summary>
    Task<PluginCommandReply> ReloadOneAsync(string pluginId, CancellationToken cancellationToken);

    /// <summary>Enables a quarantined plugin again; the list afterwards, or an UnknownPlugin / NotQuarantined failure.</summary>
    Task<PluginCommandReply> ClearQuarantineAsync(string pluginId, CancellationToken cancellationToken);

    /// <summary>Which plugin (and version, card type) holds the card in the reader; null when the plugin host does not answer.</summary>
    Task<CardIdentification?> IdentificationAsync(ReaderId readerId, CancellationToken cancellationToken);

    /// <summary>True when a loaded plugin lists <paramref name="operation"/> among its operations (false when the
    /// plugin host does not answer in time).</summary>
    Task<bool> OffersAsync(string operation, CancellationToken cancellationToken);

    Task<PluginOutcome> RunAsync(ReaderId readerId, string operation, JsonObject arguments, CancellationToken cancellationToken);
}

/// <summary>Either <see cref="Result"/> (success) or an HTTP status with a detail and the failure's reason name.</summary>
public sealed record PluginOutcome(string Plugin, JsonNode? Result, int? FailureStatus = null, string? FailureDetail = null,
    string? FailureReason = null)
{
    public bool Succeeded => FailureStatus is null;
}
