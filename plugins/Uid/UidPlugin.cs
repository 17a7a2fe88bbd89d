using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Abstractions.Plugins;

namespace SmartCardFleet.Plugins.Uid;

/// <summary>
/// PC/SC part 3 contactless storage cards (MIFARE Classic, Ultralight, ...) as a part 3 reader presents them: the
/// reader builds the ATR and answers the FF-class pseudo-APDUs (GET DATA for the UID, READ/UPDATE BINARY for pages).
/// Identified by ATR alone: storage cards have no applications to SELECT.
/// </summary>
public sealed class UidPlugin : CardPluginBase
{
    public const string PluginId = "org.smartcardfleet.uid";

    public UidPlugin()
        : base(CreateManifest())
    {
    }

    public override Task<ICardSession> OpenSessionAsync(ICardChannel channel, CancellationToken cancellationToken) =>
        Task.FromResult<ICardSession>(new UidSession(channel, Manifest.ResponseHandling));

    private static PluginManifest CreateManifest() => new()
    {
        Id = PluginId,
        Name = "Contactless storage cards (PC/SC part 3)",
        Version = PluginVersion.Of(typeof(UidPlugin)),
        SdkVersion = SdkInfo.Version,
        CardType = "PC/SC part 3 storage card",
        // 3B 8F 80 01 80 4F 0C | RID A0 00 00 03 06 | standard SS | card name NN NN | RFU 00 00 00 00 | TCK.
        // The standard and name bytes vary per card and the TCK follows them, so the mask ignores all four.
        AtrPatterns =
        [
            AtrPattern.Parse(
                "3B 8F 80 01 80 4F 0C A0 00 00 03 06 00 00 00 00 00 00 00 00",
                "FF FF FF FF FF FF FF FF FF FF FF FF 00 00 00 FF FF FF FF 00"),
        ],
        Priority = 10,
        Operations = UidOperations.All,
    };
}
