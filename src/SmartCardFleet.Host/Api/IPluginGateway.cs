using System.Text.Json.Nodes;
using SmartCardFleet.Core.Messaging;
using SmartCardFleet.Core.Plugins;

namespace SmartCardFleet.Host.Api;

/// <summary>What the API needs from a station's plugin host (this station's, or another's through the fleet): the load
/// results, which plugin holds a reader's card, and running one operation on a reader's card (the result object, or a
/// failure with its HTTP status).</summary>
public interface IPluginGateway
{
    /// <summary>True once this station's plugin host has loaded the plugin directory (readiness); true on a console,
    /// which has no plugin host to wait for.</summary>
    Task<bool> LoadedAsync(CancellationToken cancellationToken);

    /// <summary>The station's catalog, or a Timeout failure when its plugin host does not answer within
    /// <paramref name="timeout"/> (default: a few seconds).</summary>
    Task<ReaderReply<PluginCatalogStatus>> StatusAsync(StationTarget station, CancellationToken cancellationToken, TimeSpan? timeout = null);

    /// <summary>Every plugin and rejected folder of the station, each naming the station, or a Timeout failure when its
    /// plugin host does not answer.</summary>
    Task<ReaderReply<IReadOnlyList<PluginDto>>> ListAsync(StationTarget station, CancellationToken cancellationToken);

    /// <summary>Reloads every plugin folder of the station (clears quarantine and the identification memory) and answers
    /// the list as <see cref="ListAsync"/> does afterwards.</summary>
    Task<ReaderReply<IReadOnlyList<PluginDto>>> ReloadAsync(StationTarget station, CancellationToken cancellationToken);

    /// <summary>Reloads the folder of one plugin (by id, or by folder name for a folder that failed to load); the list
    /// afterwards, or an UnknownPlugin failure.</summary>
    Task<PluginCommandReply> ReloadOneAsync(StationTarget station, string pluginId, CancellationToken cancellationToken);

    /// <summary>Enables a quarantined plugin again; the list afterwards, or an UnknownPlugin / NotQuarantined failure.</summary>
    Task<PluginCommandReply> ClearQuarantineAsync(StationTarget station, string pluginId, CancellationToken cancellationToken);

    /// <summary>Which plugin (and version, card type) holds the card in the reader; null when the plugin host does not answer.</summary>
    Task<CardIdentification?> IdentificationAsync(ReaderTarget reader, CancellationToken cancellationToken);

    Task<PluginOutcome> RunAsync(ReaderTarget reader, string operation, JsonObject arguments, CancellationToken cancellationToken);
}

/// <summary>Either <see cref="Result"/> (success) or an HTTP status with a detail and the failure's reason name.</summary>
public sealed record PluginOutcome(string Plugin, JsonNode? Result, int? FailureStatus = null, string? FailureDetail = null,
    string? FailureReason = null)
{
    public bool Succeeded => FailureStatus is null;
}
