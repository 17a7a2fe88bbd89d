using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Cluster.Tests.Serialization;

/// <summary>One populated instance of every IFleetEvent the station publishes (no field left at its default, so a field
/// lost in a batch shows). <see cref="ClusterWireSerializerSpecs"/> checks that the list misses no event type.</summary>
internal static class EveryFleetEvent
{
    private static readonly DateTimeOffset When = new(2026, 12, 4, 21, 5, 7, 250, TimeSpan.FromHours(1));
    private static readonly ReaderId Reader = new("kiosk-reader-3");
    private static readonly SessionId Session = new(new Guid("11111111-2222-3333-4444-555555555555"));
    private static readonly byte[] Atr = [0x3B, 0x8F, 0x80, 0x01];

    public static IReadOnlyList<IFleetEvent> All { get; } =
    [
        new ReaderAdded(Reader, "Kiosk Reader 3", When),
        new ReaderRemoved(Reader, "Kiosk Reader 3", When),
        new CardInserted(Reader, Atr, 4, true, When),
        new CardRemoved(Reader, 4, When),
        new CardAttached(Reader, Session, CardProtocol.T1, ShareMode.Exclusive, Atr, When),
        new CardDetached(Reader, Session, CardDisposition.Reset, "requested", When),
        new CardReset(Reader, Session, PcscError.Cancelled, When) { Reason = CardResetReason.SecurityStateCleared },
        new ReaderFaulted(Reader, "retries exhausted", PcscError.InternalError, When),
        new TransactionExpired(Reader, new TransactionId(new Guid("66666666-7777-8888-9999-aaaaaaaaaaaa")), "desk-2", CardDisposition.Reset, When),
        new ServiceLost(Reader, PcscError.InternalError, When),
        new ServiceRestored(Reader, 3, When),
        new ReaderBlocked(Reader, "SCardBeginTransaction", When.AddSeconds(-3), When),
        new ReaderUnblocked(Reader, "SCardBeginTransaction", TimeSpan.FromMilliseconds(3250), When),
        new CardIdentified(Reader, "mifare-classic", "MIFARE Classic 1K", true, When),
        new CardUnidentified(Reader, Atr, "no plugin accepted the card", When),
        new PluginQuarantined(Reader, "mifare-classic", 5, "timeout", When),
        new PluginReloaded(Reader, "mifare-classic", "1.0.0", "1.1.0", When),
        new PluginRejected(Reader, "plugins/broken", "InvalidManifest", "manifest.json is missing", When),
        new PluginQuarantineCleared(Reader, "mifare-classic", When),
    ];
}
