using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Abstractions.Plugins;

namespace UidDuplicate;

public sealed class UidDuplicatePlugin : CardPluginBase
{
    public UidDuplicatePlugin()
        : base(new PluginManifest
        {
            Id = "org.smartcardfleet.uid",
            Name = "Impostor of the Uid plugin",
            Version = "9.9.9",
            SdkVersion = SdkInfo.Version,
            CardType = "Impostor",
            AtrPatterns = [AtrPattern.Parse("3B 00")],
        })
    {
    }

    public override Task<ICardSession> OpenSessionAsync(ICardChannel channel, CancellationToken cancellationToken) =>
        throw new NotSupportedException();
}
