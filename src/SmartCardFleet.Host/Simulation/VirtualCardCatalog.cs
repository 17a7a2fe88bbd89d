using SmartCardFleet.VirtualCards.Cards;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using SmartCardFleet.VirtualCards.Cards.FileSystem;
using SmartCardFleet.VirtualCards.Cards.Nfc;
using SmartCardFleet.VirtualCards.Cards.OpenPgp;

namespace SmartCardFleet.Host.Simulation;

/// <summary>Every card personality SmartCardFleet.VirtualCards ships, by its <see cref="IVirtualCard.CardType"/> name.
/// Used by the simulated fleet's churn and by <c>fleet vcard --card</c>; one per shipped plugin, so a simulated
/// station shows every plugin at work.</summary>
public static class VirtualCardCatalog
{
    public const string FileSystemCard = "iso7816-fs";
    public const string StorageCard = "storage-mifare-classic-1k";
    public const string NfcTag = "nfc-type4";
    public const string OpenPgpCard = "openpgp-3.4";

    public static IReadOnlyList<string> Types { get; } = [FileSystemCard, StorageCard, NfcTag, OpenPgpCard];

    /// <summary>A fresh card; <paramref name="uid"/> applies to contactless cards only (4 or 7 bytes). The OpenPGP card
    /// takes its serial number from the UID's last four bytes so simulated cards differ.</summary>
    public static IVirtualCard Create(string cardType, byte[]? uid = null) => cardType switch
    {
        FileSystemCard => DefaultPersonalisation.Create(),
        StorageCard => new StorageCard(uid),
        NfcTag => new NfcType4Tag(uid: uid),
        OpenPgpCard => new OpenPgpCard(serialNumber: SerialFrom(uid)),
        _ => throw new ArgumentException(
            $"unknown card type \"{cardType}\"; known types: {string.Join(", ", Types)}", nameof(cardType)),
    };

    private static uint SerialFrom(byte[]? uid) => uid is { Length: >= 4 }
        ? (uint)((uid[^4] << 24) | (uid[^3] << 16) | (uid[^2] << 8) | uid[^1])
        : 1;
}
