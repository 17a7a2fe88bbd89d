using System.Text.Json.Nodes;
using SmartCardFleet.Abstractions;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Plugins;

namespace SmartCardFleet.Host.Events;

/// <summary>Turns Core's fleet events into client-facing fields: ATRs in hex, enums by name, no PC/SC handles and no
/// transaction ids (an id is its holder's credential).</summary>
internal static class FleetEventMapper
{
    public static (string Type, JsonObject Data) Map(IFleetEvent fleetEvent) => fleetEvent switch
    {
        ReaderAdded e => (nameof(ReaderAdded), new JsonObject { ["readerName"] = e.ReaderName }),
        ReaderRemoved e => (nameof(ReaderRemoved), new JsonObject { ["readerName"] = e.ReaderName }),
        CardInserted e => (nameof(CardInserted), new JsonObject
        {
            ["atr"] = Hex.Format(e.Atr), ["insertionCounter"] = e.InsertionCounter, ["mute"] = e.Mute,
        }),
        CardRemoved e => (nameof(CardRemoved), new JsonObject { ["insertionCounter"] = e.InsertionCounter }),
        CardAttached e => (nameof(CardAttached), new JsonObject
        {
            ["session"] = e.Session.ToString(), ["protocol"] = e.Protocol.ToString(), ["shareMode"] = e.ShareMode.ToString(),
            ["atr"] = Hex.Format(e.Atr),
        }),
        CardDetached e => (nameof(CardDetached), new JsonObject
        {
            ["session"] = e.Session.ToString(), ["disposition"] = e.Disposition.ToString(), ["reason"] = e.Reason,
        }),
        CardReset e => (nameof(CardReset), new JsonObject
        {
            ["session"] = e.Session.ToString(), ["cause"] = e.Cause.ToString(), ["reason"] = e.Reason.ToString(),
        }),
        ReaderFaulted e => (nameof(ReaderFaulted), new JsonObject { ["message"] = e.Message, ["error"] = e.Error?.ToString() }),
        TransactionExpired e => (nameof(TransactionExpired), new JsonObject
        {
            ["holder"] = e.Holder, ["disposition"] = e.Disposition.ToString(),
        }),
        ReaderBlocked e => (nameof(ReaderBlocked), new JsonObject { ["operation"] = e.Operation, ["since"] = e.Since }),
        ReaderUnblocked e => (nameof(ReaderUnblocked), new JsonObject
        {
            ["operation"] = e.Operation, ["blockedForMs"] = Math.Round(e.BlockedFor.TotalMilliseconds),
        }),
        ServiceLost e => (nameof(ServiceLost), new JsonObject { ["error"] = e.Error.ToString() }),
        ServiceRestored e => (nameof(ServiceRestored), new JsonObject { ["attempts"] = e.Attempts }),
        CardIdentified e => (nameof(CardIdentified), new JsonObject
        {
            ["plugin"] = e.PluginId, ["cardType"] = e.CardType, ["fromCache"] = e.FromCache,
        }),
        CardUnidentified e => (nameof(CardUnidentified), new JsonObject { ["atr"] = Hex.Format(e.Atr), ["reason"] = e.Reason }),
        PluginQuarantined e => (nameof(PluginQuarantined), new JsonObject
        {
            ["plugin"] = e.PluginId, ["consecutiveFailures"] = e.ConsecutiveFailures, ["lastFailure"] = e.LastFailure,
        }),
        PluginReloaded e => (nameof(PluginReloaded), new JsonObject
        {
            ["plugin"] = e.PluginId, ["oldVersion"] = e.OldVersion, ["newVersion"] = e.NewVersion,
        }),
        PluginQuarantineCleared e => (nameof(PluginQuarantineCleared), new JsonObject { ["plugin"] = e.PluginId }),
        PluginRejected e => (nameof(PluginRejected), new JsonObject { ["folder"] = e.Folder, ["reason"] = e.Reason, ["message"] = e.Message }),
        _ => (fleetEvent.GetType().Name, new JsonObject()),
    };
}
