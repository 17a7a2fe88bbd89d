using System.Collections.Frozen;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Readers;

namespace SmartCardFleet.Core.Messaging;

/// <summary>
/// The manifest of every wire message: a short stable name per type that travels beside the JSON, so a receiver
/// finds the type without .NET type names on the wire (renaming or moving a record does not break peers). A manifest
/// is never reused for another message and never changed once released; see docs/messages.md.
/// </summary>
internal sealed class WireManifests
{
    /// <summary>The station's messages (reader, fleet, plugin host, events).</summary>
    public static readonly WireManifests Fleet = new(
    [
        // Reader requests and replies (Readers/ReaderMessages.cs).
        (typeof(Attach), "reader.attach"), (typeof(Attached), "reader.attached"),
        (typeof(Detach), "reader.detach"), (typeof(Detached), "reader.detached"),
        (typeof(Reconnect), "reader.reconnect"), (typeof(Reconnected), "reader.reconnected"),
        (typeof(Transmit), "reader.transmit"), (typeof(Transmitted), "reader.transmitted"),
        (typeof(TransmitBatch), "reader.transmit-batch"), (typeof(BatchTransmitted), "reader.batch-transmitted"),
        (typeof(Control), "reader.control"), (typeof(ControlResponse), "reader.control-response"),
        (typeof(GetAttribute), "reader.get-attribute"), (typeof(AttributeValue), "reader.attribute-value"),
        (typeof(BeginTransaction), "reader.begin-transaction"), (typeof(TransactionBegun), "reader.transaction-begun"),
        (typeof(EndTransaction), "reader.end-transaction"), (typeof(TransactionEnded), "reader.transaction-ended"),
        (typeof(GetStatus), "reader.get-status"), (typeof(ReaderSnapshot), "reader.snapshot"),
        (typeof(SetAutoAttach), "reader.set-auto-attach"), (typeof(AutoAttachChanged), "reader.auto-attach-changed"),
        (typeof(ReaderFailure), "reader.failure"),

        // Fleet-wide requests and replies (Fleet/ReaderManagerMessages.cs).
        (typeof(ToReader), "fleet.to-reader"),
        (typeof(ListReaders), "fleet.list-readers"), (typeof(ReaderList), "fleet.reader-list"),
        (typeof(FindCard), "fleet.find-card"), (typeof(WaitForCard), "fleet.wait-for-card"),
        (typeof(CardFound), "fleet.card-found"),
        (typeof(FindCards), "fleet.find-cards"), (typeof(CardsFound), "fleet.cards-found"),

        // Plugin host (Plugins/PluginHostMessages.cs).
        (typeof(RunOperation), "plugins.run-operation"), (typeof(OperationCompleted), "plugins.operation-completed"),
        (typeof(OperationFailed), "plugins.operation-failed"),
        (typeof(GetPluginStatus), "plugins.get-status"), (typeof(ReloadPlugins), "plugins.reload"),
        (typeof(PluginCatalogStatus), "plugins.catalog-status"),
        (typeof(GetCardIdentification), "plugins.get-card-identification"),
        (typeof(CardIdentification), "plugins.card-identification"),
        (typeof(ReloadOnePlugin), "plugins.reload-one"), (typeof(ClearQuarantine), "plugins.clear-quarantine"),
        (typeof(PluginCommandFailed), "plugins.command-failed"),

        // Events (IFleetEvent).
        (typeof(ReaderAdded), "event.reader-added"), (typeof(ReaderRemoved), "event.reader-removed"),
        (typeof(CardInserted), "event.card-inserted"), (typeof(CardRemoved), "event.card-removed"),
        (typeof(CardAttached), "event.card-attached"), (typeof(CardDetached), "event.card-detached"),
        (typeof(CardReset), "event.card-reset"), (typeof(ReaderFaulted), "event.reader-faulted"),
        (typeof(TransactionExpired), "event.transaction-expired"),
        (typeof(ServiceLost), "event.service-lost"), (typeof(ServiceRestored), "event.service-restored"),
        (typeof(ReaderBlocked), "event.reader-blocked"), (typeof(ReaderUnblocked), "event.reader-unblocked"),
        (typeof(CardIdentified), "event.card-identified"), (typeof(CardUnidentified), "event.card-unidentified"),
        (typeof(PluginQuarantined), "event.plugin-quarantined"), (typeof(PluginReloaded), "event.plugin-reloaded"),
        (typeof(PluginRejected), "event.plugin-rejected"), (typeof(PluginQuarantineCleared), "event.plugin-quarantine-cleared"),
    ]);

    private readonly FrozenDictionary<Type, string> _byType;
    private readonly FrozenDictionary<string, Type> _byManifest;

    /// <summary>A registry of its own (tests register two shapes of one message under one manifest).</summary>
    public WireManifests(IEnumerable<(Type Type, string Manifest)> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var list = entries.ToList();
        _byType = list.ToFrozenDictionary(e => e.Type, e => e.Manifest);
        _byManifest = list.ToFrozenDictionary(e => e.Manifest, e => e.Type, StringComparer.Ordinal);
    }

    public IEnumerable<Type> Types => _byType.Keys;

    public bool TryManifest(Type type, out string manifest) => _byType.TryGetValue(type, out manifest!);

    public bool TryType(string manifest, out Type type) => _byManifest.TryGetValue(manifest, out type!);
}
