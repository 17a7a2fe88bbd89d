using SmartCardFleet.VirtualCards.Cards;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using SmartCardFleet.VirtualCards.Cards.FileSystem;

namespace SmartCardFleet.Host.Simulation;

/// <summary>Every card personality SmartCardFleet.VirtualCards ships, by its <see cref="IVirtualCard.CardType"/> name.
/// Used by the simulated fleet's churn and by <c>fleet vcard --card</c>.</summary>
public static class VirtualCardCatalog
{
    public const string FileSystemCard = "iso7816-fs";
    public const string StorageCard = "storage-mifare-classic-1k";

    public static IReadOnlyList<string> Types { get; } = [FileSystemCard, StorageCard];

    /// <summary>A fresh card; <paramref name="uid"/> applies to contactless cards only (4 or 7 bytes).</summary>
    public static IVirtualCard Create(string cardType, byte[]? uid = null) => cardType switch
    {
        FileSystemCard => DefaultPersonalisation.Create(),
        StorageCard => new StorageCard(uid),
        _ => throw new ArgumentException(
            $"unknown card type \"{cardType}\"; known types: {string.Join(", ", Types)}", nameof(cardType)),
    };
}
